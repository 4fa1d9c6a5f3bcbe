//! A small HTML builder in which injection cannot be written: markup comes only from `&'static
//! str` literals of this crate, and every other string (the policy's texts, names, labels) goes
//! through [`escape`]. A policy text holding `<script>` is shown as text, never run.

use std::fmt::Write as _;

/// HTML being built. Combining two `Html` values is safe: both were built the same way.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Html(String);

/// `&`, `<`, `>`, `"` and `'` as character references: safe in text and in quoted attributes.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

impl Html {
    pub(crate) fn new() -> Html {
        Html::default()
    }

    /// Markup written in this crate's source.
    pub(crate) fn raw(&mut self, markup: &'static str) -> &mut Html {
        self.0.push_str(markup);
        self
    }

    /// Text, escaped.
    pub(crate) fn text(&mut self, text: &str) -> &mut Html {
        self.0.push_str(&escape(text));
        self
    }

    /// `<tag name="value"…>`, each value escaped.
    pub(crate) fn open(&mut self, tag: &'static str, attrs: &[(&'static str, &str)]) -> &mut Html {
        self.0.push('<');
        self.0.push_str(tag);
        for (name, value) in attrs {
            let _ = write!(self.0, " {name}=\"{}\"", escape(value));
        }
        self.0.push('>');
        self
    }

    pub(crate) fn close(&mut self, tag: &'static str) -> &mut Html {
        self.0.push_str("</");
        self.0.push_str(tag);
        self.0.push('>');
        self
    }

    /// `<tag …>text</tag>`.
    pub(crate) fn element(
        &mut self,
        tag: &'static str,
        attrs: &[(&'static str, &str)],
        text: &str,
    ) -> &mut Html {
        self.open(tag, attrs).text(text).close(tag)
    }

    /// `<a href="…">text</a>`.
    pub(crate) fn link(&mut self, href: &str, text: &str) -> &mut Html {
        self.element("a", &[("href", href)], text)
    }

    pub(crate) fn push(&mut self, other: &Html) -> &mut Html {
        self.0.push_str(&other.0);
        self
    }

    /// A text of several paragraphs (one per line, as the compiler keeps them), each a `<p>`.
    pub(crate) fn paragraphs(&mut self, text: &str) -> &mut Html {
        for paragraph in text.split('\n').filter(|p| !p.trim().is_empty()) {
            self.element("p", &[], paragraph);
        }
        self
    }

    /// « text », the French quotation marks around a label.
    pub(crate) fn quoted(&mut self, text: &str) -> &mut Html {
        self.raw("«\u{a0}").text(text).raw("\u{a0}»")
    }

    pub(crate) fn into_string(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped() {
        let mut html = Html::new();
        html.open("a", &[("href", "x\"><script>")])
            .text("<script>alert('x') & co</script>")
            .close("a");
        assert_eq!(
            html.into_string(),
            "<a href=\"x&quot;&gt;&lt;script&gt;\">&lt;script&gt;alert(&#39;x&#39;) &amp; co\
             &lt;/script&gt;</a>"
        );
    }

    #[test]
    fn paragraphs_are_kept() {
        let mut html = Html::new();
        html.paragraphs("Premier alinéa ;\n\n2° Second <b>.");
        assert_eq!(
            html.into_string(),
            "<p>Premier alinéa ;</p><p>2° Second &lt;b&gt;.</p>"
        );
    }
}
