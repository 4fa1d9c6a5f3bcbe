//! The wording of letters and pages: minijinja templates that a legal officer can edit.
//!
//! The built-in templates live in `runtime/templates/` and are compiled into the library; a
//! directory of templates with the same names replaces them one by one (`motif assess
//! --templates DIR`). Templates named `*.html` are HTML-escaped.

use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

/// The built-in templates: (name, source).
const BUILTIN: &[(&str, &str)] = &[
    (
        "lettre.fr.txt",
        include_str!("../../templates/lettre.fr.txt"),
    ),
    (
        "lettre.en.txt",
        include_str!("../../templates/lettre.en.txt"),
    ),
    (
        "lettre.fr.html",
        include_str!("../../templates/lettre.fr.html"),
    ),
    (
        "lettre.en.html",
        include_str!("../../templates/lettre.en.html"),
    ),
    (
        "agent.fr.html",
        include_str!("../../templates/agent.fr.html"),
    ),
    ("exigences.fr", include_str!("../../templates/exigences.fr")),
    ("exigences.en", include_str!("../../templates/exigences.en")),
    ("style.css", include_str!("../../templates/style.css")),
];

/// A template that cannot be read or rendered: which one, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("modèle {template} : {message}")]
pub struct TemplateError {
    pub template: String,
    pub message: String,
}

impl TemplateError {
    fn of(template: &str, error: &minijinja::Error) -> TemplateError {
        let mut message = error.to_string();
        if let Some(line) = error.line() {
            message = format!("ligne {line} : {message}");
        }
        TemplateError {
            template: template.to_string(),
            message,
        }
    }
}

/// A set of templates, ready to render.
pub struct Templates {
    env: Environment<'static>,
}

impl Templates {
    /// The built-in templates.
    pub fn builtin() -> Templates {
        // The built-in templates are checked by the tests: none of them fails to parse.
        Templates::with(Vec::new()).unwrap_or_else(|_| Templates {
            env: Environment::new(),
        })
    }

    /// The built-in templates, with those given (name, source) in their place. A name that is
    /// not one of the built-in ones is an error: it would never be used.
    pub fn with(overrides: Vec<(String, String)>) -> Result<Templates, TemplateError> {
        let mut env = Environment::new();
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        env.set_keep_trailing_newline(true);
        // A misspelt field in an edited template is an error, not an empty string in a letter.
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        // `{{ texte | initiale }}`: the first letter in capitals, the rest as written (the
        // built-in `capitalize` would lower « Français »).
        env.add_filter("initiale", |text: String| {
            let mut chars = text.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
                None => String::new(),
            }
        });
        for (name, source) in BUILTIN {
            if !overrides.iter().any(|(n, _)| n == name) {
                env.add_template(name, source)
                    .map_err(|e| TemplateError::of(name, &e))?;
            }
        }
        for (name, source) in overrides {
            if !BUILTIN.iter().any(|(n, _)| *n == name) {
                let known: Vec<&str> = BUILTIN.iter().map(|(n, _)| *n).collect();
                return Err(TemplateError {
                    template: name,
                    message: format!(
                        "ce modèle ne remplace aucun modèle de Motif (modèles : {})",
                        known.join(", ")
                    ),
                });
            }
            env.add_template_owned(name.clone(), source)
                .map_err(|e| TemplateError::of(&name, &e))?;
        }
        Ok(Templates { env })
    }

    /// The names of the templates that can be replaced.
    pub fn names() -> Vec<&'static str> {
        BUILTIN.iter().map(|(n, _)| *n).collect()
    }

    /// Renders the template `name` with `context`.
    pub fn render(&self, name: &str, context: impl Serialize) -> Result<String, TemplateError> {
        let template = self
            .env
            .get_template(name)
            .map_err(|e| TemplateError::of(name, &e))?;
        template
            .render(context)
            .map_err(|e| TemplateError::of(name, &e))
    }
}
