//! Code actions: one quick fix per finding that has a fix, and "Fix all sfcheck
//! findings" (`source.fixAll.sfcheck`), with the edits `--fix` makes.

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, TextEdit, Uri, WorkspaceEdit,
};

use super::analysis;
use super::config::Configs;
use super::diagnostics::diagnostic;
use super::documents::{Doc, Encoding, Kind, Lines, Store};
use crate::fix::command::{fix_app, fix_yaml};

/// The kind of the fix-all action, as editors' fix-on-save ask for it.
pub const FIX_ALL: &str = "source.fixAll.sfcheck";

/// The code actions for a range of a document.
pub fn code_actions(
    store: &Store,
    configs: &mut Configs,
    encoding: Encoding,
    params: &CodeActionParams,
) -> Vec<CodeActionOrCommand> {
    let uri = &params.text_document.uri;
    let Some(doc) = store.get(uri) else {
        return Vec::new();
    };
    let wants = |kind: &CodeActionKind| {
        params
            .context
            .only
            .as_ref()
            .is_none_or(|only| only.iter().any(|o| kind.as_str().starts_with(o.as_str())))
    };
    let lines = Lines::new(&doc.text, encoding);
    let (start, end) = (
        lines.offset(params.range.start),
        lines.offset(params.range.end),
    );
    let mut actions = Vec::new();
    if wants(&CodeActionKind::QUICKFIX) {
        for f in &doc.findings {
            let Some(fix) = &f.fix else { continue };
            // A cursor on the finding's first or last character counts as on it.
            if f.span.start > end || f.span.end < start {
                continue;
            }
            let edits = fix
                .edits
                .iter()
                .map(|e| TextEdit::new(lines.range(&e.range), e.text.clone()))
                .collect();
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Fix {}: {}", f.code, f.message),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic(uri, &lines, f, Vec::new())]),
                edit: Some(edit_of(uri, edits)),
                is_preferred: Some(true),
                ..CodeAction::default()
            }));
        }
    }
    let fix_all = CodeActionKind::from(FIX_ALL);
    if wants(&fix_all)
        && let Some(fixed) = fixed_text(store, configs, doc)
        && fixed != doc.text
    {
        actions.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: "Fix all sfcheck findings".to_owned(),
            kind: Some(fix_all),
            edit: Some(edit_of(uri, vec![whole_edit(&lines, &doc.text, &fixed)])),
            ..CodeAction::default()
        }));
    }
    actions
}

fn edit_of(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }
}

/// The document's text as `--fix` would write it.
fn fixed_text(store: &Store, configs: &mut Configs, doc: &Doc) -> Option<String> {
    let settings = configs.for_file(&doc.path).0?;
    if settings.exclude.matches(&doc.path) {
        return None;
    }
    let bom = if doc.text.starts_with('\u{feff}') {
        "\u{feff}"
    } else {
        ""
    };
    let text = &doc.text[bom.len()..];
    if text.len() as u64 > settings.max_file_size {
        return None;
    }
    let shown = analysis::shown(&doc.path);
    let fixed = match doc.kind {
        Kind::Yaml => fix_yaml(&settings.checker, &shown, text).0,
        Kind::Metadata => {
            let group = analysis::app_group(store, configs, &settings);
            let set = analysis::metadata_set(store, &settings, &group);
            let app = analysis::app_of(&set, &doc.path)?;
            let (files, _) = fix_app(&settings.checker, app);
            let named = doc.path.display().to_string();
            files.into_iter().find(|f| f.path == named)?.after
        }
    };
    Some(format!("{bom}{fixed}"))
}

/// One edit that turns `old` into `new`: the lines between their common start and end.
fn whole_edit(lines: &Lines, old: &str, new: &str) -> TextEdit {
    let mut start = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(start) || !new.is_char_boundary(start) {
        start -= 1;
    }
    let mut common_end = old[start..]
        .bytes()
        .rev()
        .zip(new[start..].bytes().rev())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - common_end)
        || !new.is_char_boundary(new.len() - common_end)
    {
        common_end -= 1;
    }
    // Whole lines, as a reader of the edit expects: the common end starts a line.
    let suffix = &old[old.len() - common_end..];
    common_end = suffix.find('\n').map_or(0, |i| common_end - i - 1);
    start = old[..start].rfind('\n').map_or(0, |i| i + 1);
    let range = start..old.len() - common_end;
    TextEdit::new(
        lines.range(&range),
        new[start..new.len() - common_end].to_owned(),
    )
}
