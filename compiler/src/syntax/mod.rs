//! Syntax: the grammar (`motif.pest`), the AST, and the parse pass from text to AST.

pub mod ast;
mod errors;
mod parse;

pub(crate) use parse::{GrammarRule, parse_tree};
pub use parse::{normalise_article_id, normalise_text, parse};

#[cfg(test)]
mod tests;
