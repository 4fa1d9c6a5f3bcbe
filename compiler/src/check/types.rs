//! Type expressions → types: builtin types, named types, lists, and the enumerations written
//! inline (each gets a declaration of its own).

use motif_runtime::suggest::did_you_mean;
use motif_runtime::value::{Field, Type, TypeDecl, TypeId, TypeKind, Variant};

use super::Signatures;
use crate::diagnostics::{Duplicate, PolicyError, UnknownType};
use crate::syntax::ast::{self, VariantDecl};

/// Resolves a type expression; `None` (after reporting) when it names an unknown type.
pub(super) fn resolve(
    ty: &ast::TypeExpr,
    signatures: &mut Signatures,
    report: &mut impl FnMut(PolicyError),
) -> Option<Type> {
    Some(match &ty.kind {
        ast::TypeKind::Bool => Type::Bool,
        ast::TypeKind::Int => Type::Int,
        ast::TypeKind::Decimal => Type::Decimal,
        ast::TypeKind::Money => Type::Money,
        ast::TypeKind::Text => Type::Text,
        ast::TypeKind::Date => Type::Date,
        ast::TypeKind::Duration => Type::Duration,
        ast::TypeKind::Enum { variants, ordered } => {
            let decl = TypeDecl {
                name: None,
                kind: TypeKind::Enum {
                    variants: variants_of(variants, report),
                    ordered: *ordered,
                },
            };
            Type::Enum(add(signatures, decl))
        }
        ast::TypeKind::List(inner) => Type::List(Box::new(resolve(inner, signatures, report)?)),
        ast::TypeKind::Named(name) => match signatures.type_names.get(&name.node) {
            Some(&id) => match signatures.types[id.0 as usize].kind {
                TypeKind::Enum { .. } => Type::Enum(id),
                TypeKind::Record { .. } => Type::Record(id),
            },
            None => {
                let known = signatures.type_names.keys().map(String::as_str);
                let help = match did_you_mean(&name.node, known) {
                    Some(s) => format!("Vouliez-vous dire `{s}` ?"),
                    None => "Les types sont `booléen`, `entier`, `décimal`, `montant`, `texte`, `date`, `durée`, \
                             `parmi (…)`, `échelle (…)`, `liste de …`, ou un type déclaré avec `type`."
                        .into(),
                };
                report(
                    UnknownType {
                        name: name.node.clone(),
                        span: name.span.into(),
                        help,
                    }
                    .into(),
                );
                return None;
            }
        },
    })
}

/// Declares the named types: first their names (a record may use a type declared after it),
/// then what they are.
pub(super) fn declare_named(
    decls: &[&ast::TypeDecl],
    signatures: &mut Signatures,
    report: &mut impl FnMut(usize, PolicyError),
) {
    let mut declared: Vec<(usize, TypeId)> = Vec::new();
    for (i, decl) in decls.iter().enumerate() {
        if signatures.type_names.contains_key(&decl.name.node) {
            report(
                i,
                Duplicate {
                    what: "le type",
                    name: decl.name.node.clone(),
                    span: decl.name.span.into(),
                    help: "Un type se déclare une seule fois.".into(),
                }
                .into(),
            );
            continue;
        }
        let placeholder = TypeDecl {
            name: Some(decl.name.node.clone()),
            kind: TypeKind::Enum {
                variants: Vec::new(),
                ordered: false,
            },
        };
        let id = add(signatures, placeholder);
        signatures.type_names.insert(decl.name.node.clone(), id);
        // A record's kind must be known before the fields that name it are resolved.
        if let ast::TypeDeclKind::Record { .. } = decl.kind {
            signatures.types[id.0 as usize].kind = TypeKind::Record { fields: Vec::new() };
        }
        declared.push((i, id));
    }
    for (i, id) in declared {
        let kind = match &decls[i].kind {
            ast::TypeDeclKind::Enum { variants, ordered } => TypeKind::Enum {
                variants: variants_of(variants, &mut |e| report(i, e)),
                ordered: *ordered,
            },
            ast::TypeDeclKind::Record { fields } => {
                let mut resolved: Vec<Field> = Vec::new();
                for field in fields {
                    if resolved.iter().any(|f| f.name == field.name.node) {
                        report(
                            i,
                            Duplicate {
                                what: "le champ",
                                name: field.name.node.clone(),
                                span: field.name.span.into(),
                                help: "Chaque champ d'une fiche a un nom distinct.".into(),
                            }
                            .into(),
                        );
                        continue;
                    }
                    if let Some(ty) = resolve(&field.ty, signatures, &mut |e| report(i, e)) {
                        resolved.push(Field {
                            name: field.name.node.clone(),
                            label: field.label.as_ref().map(|l| l.node.clone()),
                            ty,
                            documents: field.documents.iter().map(|d| d.node.clone()).collect(),
                        });
                    }
                }
                TypeKind::Record { fields: resolved }
            }
        };
        signatures.types[id.0 as usize].kind = kind;
    }
}

fn add(signatures: &mut Signatures, decl: TypeDecl) -> TypeId {
    signatures.types.push(decl);
    TypeId(signatures.types.len() as u32 - 1)
}

fn variants_of(variants: &[VariantDecl], report: &mut impl FnMut(PolicyError)) -> Vec<Variant> {
    let mut seen: Vec<Variant> = Vec::new();
    for variant in variants {
        if seen.iter().any(|v| v.name == variant.name.node) {
            report(
                Duplicate {
                    what: "la valeur",
                    name: variant.name.node.clone(),
                    span: variant.name.span.into(),
                    help: "Chaque valeur possible est distincte : supprimez le doublon.".into(),
                }
                .into(),
            );
            continue;
        }
        seen.push(Variant {
            name: variant.name.node.clone(),
            label: variant.label.as_ref().map(|l| l.node.clone()),
        });
    }
    seen
}

/// The help line for a value not among `variants`: the closest one, then all of them.
pub(super) fn unknown_variant_help(value: &str, variants: &[&str]) -> String {
    let all = variants.join(", ");
    match did_you_mean(value, variants.iter().copied()) {
        Some(s) => format!("Vouliez-vous dire `{s}` ? Valeurs possibles : {all}."),
        None => format!("Valeurs possibles : {all}."),
    }
}

/// The help line for a name not found: the closest candidate if there is one, `otherwise` if not.
pub(super) fn did_you_mean_or(
    name: &str,
    candidates: &[&str],
    otherwise: impl FnOnce() -> String,
) -> String {
    match did_you_mean(name, candidates.iter().copied()) {
        Some(s) => format!("Vouliez-vous dire `{s}` ?"),
        None => otherwise(),
    }
}

/// How a type is written in the policy language, for messages.
pub(super) fn describe(signatures: &Signatures, ty: &Type) -> String {
    ty.describe(&signatures.types)
}

/// Whether two types can be compared: the same type; two enumerations with the same values;
/// an integer and a decimal.
pub(super) fn comparable(signatures: &Signatures, a: &Type, b: &Type) -> bool {
    match (a, b) {
        (Type::Enum(x), Type::Enum(y)) => {
            let names = |id: &TypeId| {
                signatures.types[id.0 as usize]
                    .variants()
                    .iter()
                    .map(|v| v.name.clone())
                    .collect::<Vec<_>>()
            };
            names(x) == names(y)
        }
        (Type::Int, Type::Decimal) | (Type::Decimal, Type::Int) => true,
        (Type::Record(_) | Type::List(_), _) | (_, Type::Record(_) | Type::List(_)) => false,
        _ => a == b,
    }
}

/// Whether values of a type have an order (`<`, `≥`…).
pub(super) fn ordered(signatures: &Signatures, ty: &Type) -> bool {
    match ty {
        Type::Int | Type::Decimal | Type::Money | Type::Date => true,
        Type::Enum(id) => matches!(
            signatures.types[id.0 as usize].kind,
            TypeKind::Enum { ordered: true, .. }
        ),
        _ => false,
    }
}
