//! Where a run's reports go: rendered on the thread that checked each file, written in
//! order by the main thread.

use std::io::Write;

use super::{DocumentStream, NotChecked, Part, Summary, compact, github, human, json, sarif};
use crate::cli::Format;
use crate::finding::FileReport;

/// How much text waits before it is written.
const PART: usize = 1 << 16;

/// Where reports go as they are made: in order, in parts of about 64 KiB and after
/// every 256 files, in every format (JSON and SARIF a part of their one document at a
/// time), so memory holds neither a file's text nor its findings once they are written.
pub(crate) struct Sink<'w> {
    renderer: Renderer,
    quiet: bool,
    writer: &'w mut dyn Write,
    document: Option<Document>,
    summary: Summary,
    /// Every file reported on, to refuse an output that names one (kept only when
    /// there is an output file).
    paths: Vec<String>,
    keep_paths: bool,
    /// The reader went away (`sfcheck … | head`): nothing more is written, but the
    /// run goes on, so the exit code still reports what was found.
    closed: bool,
    /// Text not yet written: reports go out in writes of about 64 KiB, and after
    /// every 256 files, not one system call a file.
    pending: String,
}

/// A report that is one document, written a part at a time.
enum Document {
    Json(json::Stream),
    Sarif(sarif::Stream),
}

impl<'w> Sink<'w> {
    /// A sink for the renderer's format; a document's opening is written at once.
    /// `keep_paths`: remember every path reported on (for an output file's check).
    pub(crate) fn new(
        renderer: Renderer,
        quiet: bool,
        keep_paths: bool,
        writer: &'w mut dyn Write,
    ) -> std::io::Result<Self> {
        let mut opening = String::new();
        let document = match renderer.format {
            Format::Json => Some(Document::Json(json::Stream::start(&mut opening))),
            Format::Sarif => Some(Document::Sarif(sarif::Stream::start(&mut opening))),
            _ => None,
        };
        let mut sink = Self {
            renderer,
            quiet,
            writer,
            document,
            summary: Summary::default(),
            paths: Vec::new(),
            keep_paths,
            closed: false,
            pending: String::new(),
        };
        sink.write(&opening)?;
        Ok(sink)
    }

    /// Every path reported on so far (kept only when asked for).
    pub(crate) fn take_paths(&mut self) -> Vec<String> {
        std::mem::take(&mut self.paths)
    }

    /// Writes unless the reader has gone, once enough text is waiting. A document's
    /// text has its raw DEL, C1 and bidirectional characters escaped here, the one
    /// place every part of it passes.
    fn write(&mut self, text: &str) -> std::io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let text = match self.renderer.format {
            Format::Json | Format::Sarif => crate::finding::escape_json(text),
            _ => std::borrow::Cow::Borrowed(text),
        };
        let text = text.as_ref();
        if self.pending.len() + text.len() < PART {
            self.pending.push_str(text);
            return Ok(());
        }
        // A large text goes out as it is, not copied into the waiting text first.
        self.drain()?;
        if text.len() >= PART {
            return self.send(text);
        }
        self.pending.push_str(text);
        Ok(())
    }

    /// Writes what is waiting.
    pub(crate) fn drain(&mut self) -> std::io::Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let pending = std::mem::take(&mut self.pending);
        let sent = self.send(&pending);
        self.pending = pending;
        self.pending.clear();
        sent
    }

    /// Writes `text` now; a closed pipe is not a failure of the run.
    fn send(&mut self, text: &str) -> std::io::Result<()> {
        if self.closed {
            return Ok(());
        }
        match self.writer.write_all(text.as_bytes()) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            other => other,
        }
    }

    /// Writes one file's report; the report (its text, its findings) goes with it.
    pub(crate) fn push(&mut self, rendered: Rendered) -> std::io::Result<()> {
        let Rendered { report, text } = rendered;
        self.summary.add(&report);
        if self.keep_paths {
            self.paths.push(report.path.clone());
        }
        let text = match (&mut self.document, text) {
            (Some(Document::Json(stream)), Text::Part(part)) => {
                let mut text = String::new();
                stream.append(&report, &part, &mut text);
                text
            }
            (Some(Document::Sarif(stream)), Text::Part(part)) => {
                let mut text = String::new();
                stream.append(&report, &part, &mut text);
                text
            }
            (_, Text::Whole(text)) => text,
            (_, Text::Part(_)) => unreachable!("a document's part goes to its document"),
        };
        drop(report);
        self.write(&text)
    }

    /// Ends the report: the summary, what was not checked, or the end of the document.
    pub(crate) fn finish(mut self, not_checked: &[NotChecked]) -> std::io::Result<Summary> {
        let mut text = String::new();
        match self.document.take() {
            Some(Document::Json(stream)) => stream.finish(not_checked, &mut |t| self.write(t))?,
            Some(Document::Sarif(stream)) => stream.finish(not_checked, &mut |t| self.write(t))?,
            None => match self.renderer.format {
                Format::Human if !self.quiet => {
                    text =
                        human::summary_line(&self.summary, not_checked, self.renderer.style.unicode)
                }
                Format::Github => text = github::render(&[], not_checked),
                _ => {}
            },
        }
        self.write(&text)?;
        self.drain()?;
        if !self.closed {
            match self.writer.flush() {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                other => other?,
            }
        }
        Ok(self.summary)
    }
}

/// Standard output for a run that goes on when its reader goes away (`sfcheck --diff …
/// | head`): what is written after the pipe closed is dropped, so the run ends with the
/// exit code of what it found, not with the write error.
pub(crate) struct Closable<'w> {
    writer: &'w mut dyn Write,
    closed: bool,
}

impl<'w> Closable<'w> {
    pub(crate) fn new(writer: &'w mut dyn Write) -> Self {
        Self {
            writer,
            closed: false,
        }
    }
}

impl Write for Closable<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if !self.closed {
            match self.writer.write_all(buf) {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => self.closed = true,
                other => other?,
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self.writer.flush() {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            _ if self.closed => Ok(()),
            other => other,
        }
    }
}

/// How a file's report is rendered: the same on every thread.
#[derive(Clone, Copy)]
pub(crate) struct Renderer {
    pub(crate) format: Format,
    pub(crate) style: human::Style,
}

/// A report with its text in the run's format, ready to be written in order.
pub(crate) struct Rendered {
    pub(crate) report: FileReport,
    text: Text,
}

/// A file's text: the whole of it, or its part of a one-document report.
enum Text {
    Whole(String),
    Part(Part),
}

impl Renderer {
    /// Renders one file's report, on whichever thread checked it.
    pub(crate) fn render(self, report: FileReport) -> Rendered {
        let one = std::slice::from_ref(&report);
        let text = match self.format {
            Format::Json => Text::Part(json::Stream::part(&report)),
            Format::Sarif => Text::Part(sarif::Stream::part(&report)),
            Format::Human => Text::Whole(human::render_findings(one, self.style)),
            Format::Compact => Text::Whole(compact::render(one)),
            Format::Github => Text::Whole(github::render(one, &[])),
        };
        Rendered { report, text }
    }
}
