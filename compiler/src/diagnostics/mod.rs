//! Problems found in policies, as data, and their rendering with miette.
//!
//! Each kind of problem is a struct that carries what its message needs; [`PolicyError`] gathers
//! them. Messages are in French (they are read by the legal officers who write the policies),
//! say in plain words what is wrong, point at the place with a label, and say what to do in a
//! help line. Codes (`motif::…`) are stable and documented in the language reference.

use miette::{
    Diagnostic as _, GraphicalReportHandler, GraphicalTheme, NamedSource, Severity, SourceSpan,
};

use crate::source::{FileId, SourceSet};

mod kinds;

pub use kinds::*;

/// A problem in a policy file.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub file: FileId,
    pub error: PolicyError,
}

impl Diagnostic {
    pub fn new(file: FileId, error: impl Into<PolicyError>) -> Diagnostic {
        Diagnostic {
            file,
            error: error.into(),
        }
    }

    /// The same diagnostic with its places moved by `by` bytes: a part of a file is checked
    /// with places relative to its own text.
    pub fn shifted(mut self, by: usize) -> Diagnostic {
        self.error.shift(by);
        self
    }

    pub fn is_error(&self) -> bool {
        !matches!(
            self.error.severity(),
            Some(Severity::Warning | Severity::Advice)
        )
    }

    /// Where the problem is first labelled, to order diagnostics as they appear in the file.
    fn offset(&self) -> usize {
        self.error
            .labels()
            .and_then(|mut labels| labels.next())
            .map_or(0, |label| label.offset())
    }
}

/// Orders diagnostics by file and position, so that output is stable and reads top to bottom.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| (d.file, d.offset()));
}

/// How to render diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Colours, for a terminal.
    Terminal,
    /// No colours, fixed width: stable text for files and snapshots.
    Plain,
}

/// Renders diagnostics with their source excerpts.
pub fn render<'d>(
    diagnostics: impl IntoIterator<Item = &'d Diagnostic>,
    sources: &SourceSet,
    style: Style,
) -> String {
    let handler = match style {
        Style::Terminal => GraphicalReportHandler::new(),
        Style::Plain => {
            GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(100)
        }
    };
    let mut out = String::new();
    for diagnostic in diagnostics {
        let file = sources.file(diagnostic.file);
        let with_source = WithSource {
            error: &diagnostic.error,
            source: NamedSource::new(&file.name, file.text.clone()),
        };
        // Rendering into a String cannot fail.
        let _ = handler.render_report(&mut out, &with_source);
    }
    out
}

/// An error together with the text of its file, as miette renders it.
#[derive(Debug)]
struct WithSource<'a> {
    error: &'a PolicyError,
    source: NamedSource<String>,
}

impl std::fmt::Display for WithSource<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.error.fmt(f)
    }
}

impl std::error::Error for WithSource<'_> {}

impl miette::Diagnostic for WithSource<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.error.code()
    }
    fn severity(&self) -> Option<Severity> {
        self.error.severity()
    }
    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.error.help()
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        self.error.labels()
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }
}

/// Every problem the compiler reports.
#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
pub enum PolicyError {
    #[error(transparent)]
    #[diagnostic(transparent)]
    Syntax(#[from] SyntaxError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    InvalidDate(#[from] InvalidDate),
    #[error(transparent)]
    #[diagnostic(transparent)]
    IntegerTooLarge(#[from] IntegerTooLarge),
    #[error(transparent)]
    #[diagnostic(transparent)]
    NestingTooDeep(#[from] NestingTooDeep),
    #[error(transparent)]
    #[diagnostic(transparent)]
    GeneralCondition(#[from] GeneralCondition),
    #[error(transparent)]
    #[diagnostic(transparent)]
    RuleOutsideArticle(#[from] RuleOutsideArticle),
    #[error(transparent)]
    #[diagnostic(transparent)]
    RuleOutsideVersion(#[from] RuleOutsideVersion),
    #[error(transparent)]
    #[diagnostic(transparent)]
    VersionOutsideArticle(#[from] VersionOutsideArticle),
    #[error(transparent)]
    #[diagnostic(transparent)]
    MissingText(#[from] MissingText),
    #[error(transparent)]
    #[diagnostic(transparent)]
    MissingLegifrance(#[from] MissingLegifrance),
    #[error(transparent)]
    #[diagnostic(transparent)]
    DuplicateAttribute(#[from] DuplicateAttribute),
    #[error(transparent)]
    #[diagnostic(transparent)]
    BadLegifranceId(#[from] BadLegifranceId),
    #[error(transparent)]
    #[diagnostic(transparent)]
    InvertedPeriod(#[from] InvertedPeriod),
    #[error(transparent)]
    #[diagnostic(transparent)]
    OverlappingVersions(#[from] OverlappingVersions),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Duplicate(#[from] Duplicate),
    #[error(transparent)]
    #[diagnostic(transparent)]
    FactGroupConflict(#[from] FactGroupConflict),
    #[error(transparent)]
    #[diagnostic(transparent)]
    UnknownName(#[from] UnknownName),
    #[error(transparent)]
    #[diagnostic(transparent)]
    UnknownArticle(#[from] UnknownArticle),
    #[error(transparent)]
    #[diagnostic(transparent)]
    UnknownArticleCondition(#[from] UnknownArticleCondition),
    #[error(transparent)]
    #[diagnostic(transparent)]
    UnknownVariant(#[from] UnknownVariant),
    #[error(transparent)]
    #[diagnostic(transparent)]
    NotACondition(#[from] NotACondition),
    #[error(transparent)]
    #[diagnostic(transparent)]
    NotAValue(#[from] NotAValue),
    #[error(transparent)]
    #[diagnostic(transparent)]
    FactInValueList(#[from] FactInValueList),
    #[error(transparent)]
    #[diagnostic(transparent)]
    TypeMismatch(#[from] TypeMismatch),
    #[error(transparent)]
    #[diagnostic(transparent)]
    NotOrdered(#[from] NotOrdered),
    #[error(transparent)]
    #[diagnostic(transparent)]
    ConditionCycle(#[from] ConditionCycle),
    #[error(transparent)]
    #[diagnostic(transparent)]
    UnknownType(#[from] UnknownType),
    #[error(transparent)]
    #[diagnostic(transparent)]
    UnknownField(#[from] UnknownField),
    #[error(transparent)]
    #[diagnostic(transparent)]
    NotAList(#[from] NotAList),
    #[error(transparent)]
    #[diagnostic(transparent)]
    RoundingRequired(#[from] RoundingRequired),
    #[error(transparent)]
    #[diagnostic(transparent)]
    RoundingMisplaced(#[from] RoundingMisplaced),
    #[error(transparent)]
    #[diagnostic(transparent)]
    ParameterWithoutValue(#[from] ParameterWithoutValue),
    #[error(transparent)]
    #[diagnostic(transparent)]
    UnusedParameter(#[from] UnusedParameter),
    #[error(transparent)]
    #[diagnostic(transparent)]
    UnknownDerogation(#[from] UnknownDerogation),
    #[error(transparent)]
    #[diagnostic(transparent)]
    DerogationConflict(#[from] DerogationConflict),
    #[error(transparent)]
    #[diagnostic(transparent)]
    DerogationMaybeConflict(#[from] DerogationMaybeConflict),
    #[error(transparent)]
    #[diagnostic(transparent)]
    TraceTooLarge(#[from] TraceTooLarge),
    #[error(transparent)]
    #[diagnostic(transparent)]
    SensitiveFact(#[from] SensitiveFact),
    #[error(transparent)]
    #[diagnostic(transparent)]
    VersionGap(#[from] VersionGap),
    #[error(transparent)]
    #[diagnostic(transparent)]
    OverlappingValues(#[from] OverlappingValues),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Unlabelled(#[from] Unlabelled),
    #[error(transparent)]
    #[diagnostic(transparent)]
    UnusedFact(#[from] UnusedFact),
    #[error(transparent)]
    #[diagnostic(transparent)]
    EntryOutsideTranslation(#[from] EntryOutsideTranslation),
    #[error(transparent)]
    #[diagnostic(transparent)]
    UnknownLanguage(#[from] UnknownLanguage),
    #[error(transparent)]
    #[diagnostic(transparent)]
    DuplicateTranslation(#[from] DuplicateTranslation),
    #[error(transparent)]
    #[diagnostic(transparent)]
    StaleTranslation(#[from] StaleTranslation),
}

/// Moves every place a diagnostic points at; listing each kind's places here keeps a new kind
/// from being forgotten (the match must be exhaustive).
macro_rules! shift_places {
    ($($variant:ident { $($field:ident),+ }),+ $(,)?) => {
        impl PolicyError {
            fn shift(&mut self, by: usize) {
                match self {
                    $(PolicyError::$variant(e) => {
                        $(e.$field = SourceSpan::new((e.$field.offset() + by).into(), e.$field.len());)+
                    })+
                }
            }
        }
    };
}

shift_places! {
    Syntax { span }, InvalidDate { span }, IntegerTooLarge { span }, NestingTooDeep { span },
    GeneralCondition { span }, RuleOutsideArticle { span }, RuleOutsideVersion { span },
    VersionOutsideArticle { span }, MissingText { span }, MissingLegifrance { span },
    DuplicateAttribute { span, first }, BadLegifranceId { span }, InvertedPeriod { span },
    OverlappingVersions { span, other }, Duplicate { span }, FactGroupConflict { span },
    UnknownName { span }, UnknownArticle { span }, UnknownArticleCondition { span },
    UnknownVariant { span }, NotACondition { span }, NotAValue { span }, FactInValueList { span },
    TypeMismatch { span }, NotOrdered { span }, ConditionCycle { span }, UnknownType { span },
    UnknownField { span }, NotAList { span }, RoundingRequired { span }, RoundingMisplaced { span },
    ParameterWithoutValue { span }, UnusedParameter { span }, UnknownDerogation { span },
    DerogationConflict { span }, DerogationMaybeConflict { span }, TraceTooLarge { span },
    SensitiveFact { span },
    VersionGap { span, other }, OverlappingValues { span, other }, Unlabelled { span },
    UnusedFact { span }, EntryOutsideTranslation { span }, UnknownLanguage { span },
    DuplicateTranslation { span }, StaleTranslation { span },
}
