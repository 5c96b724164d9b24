//! Applying fixes to a text: every fix whose edits overlap none already taken, each
//! edit a byte-range replacement, so the bytes outside the edits stay as they were.

use crate::finding::{Edit, Fix};

/// Applies the fixes that do not overlap an earlier one (in order of position); a fix
/// equal to one taken counts as taken. Returns the new text and the indexes of the
/// fixes applied. Fixes left out are for another round, on the new text.
pub fn apply(text: &str, fixes: &[&Fix]) -> (String, Vec<usize>) {
    let mut order: Vec<usize> = (0..fixes.len()).collect();
    order.sort_by_key(|&i| fixes[i].edits.first().map(|e| (e.range.start, e.range.end)));
    let mut taken: Vec<&Fix> = Vec::new();
    let mut edits: Vec<&Edit> = Vec::new();
    let mut applied = Vec::new();
    for i in order {
        let fix = fixes[i];
        if taken.contains(&fix) {
            applied.push(i);
            continue;
        }
        let fits = fix.edits.iter().all(|e| {
            e.range.end <= text.len()
                && text.is_char_boundary(e.range.start)
                && text.is_char_boundary(e.range.end)
                && edits.iter().all(|t| !overlap(e, t))
        });
        if fits {
            taken.push(fix);
            edits.extend(&fix.edits);
            applied.push(i);
        }
    }
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in edits {
        out.push_str(&text[at..e.range.start]);
        out.push_str(&e.text);
        at = e.range.end;
    }
    out.push_str(&text[at..]);
    applied.sort_unstable();
    (out, applied)
}

/// Two edits overlap when they share a byte, or insert at the same place (their order
/// would be a guess).
fn overlap(a: &Edit, b: &Edit) -> bool {
    (a.range.start < b.range.end && b.range.start < a.range.end) || a.range.start == b.range.start
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(edits: &[(usize, usize, &str)]) -> Fix {
        Fix {
            edits: edits
                .iter()
                .map(|&(s, e, t)| Edit {
                    range: s..e,
                    text: t.to_owned(),
                })
                .collect(),
        }
    }

    #[test]
    fn overlapping_fixes_wait_for_the_next_round() {
        let a = fix(&[(0, 3, "xyz")]);
        let b = fix(&[(2, 4, "!")]);
        let c = fix(&[(5, 5, "+")]);
        let same = a.clone();
        assert_eq!(
            apply("abcdefg", &[&b, &a, &c, &same]),
            ("xyzde+fg".into(), vec![1, 2, 3])
        );
    }

    #[test]
    fn two_insertions_at_one_place_are_not_both_taken() {
        let a = fix(&[(1, 1, "x")]);
        let b = fix(&[(1, 1, "y")]);
        assert_eq!(apply("ab", &[&a, &b]), ("axb".into(), vec![0]));
    }
}
