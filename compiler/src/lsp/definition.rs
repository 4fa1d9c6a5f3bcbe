//! Go to definition: where a fact, a field, a parameter, a type, a value, a condition, a route
//! or an article is declared — possibly in another file of the set. A condition declared in
//! several versions of its article, or an article written in several places, gives each place.

use super::symbols::{Place, Symbols, Target};

/// The places that declare `target`, the nearest first; empty when the set does not declare it.
pub fn places(target: &Target, symbols: &Symbols) -> Vec<Place> {
    let mut places = Vec::new();
    match target {
        Target::Fact { name, fields } => {
            if let Some((_, info)) = symbols.field(name, fields) {
                places.push(info.place.clone());
            }
        }
        Target::Member { ty, name } => {
            let member = symbols
                .types
                .get(ty)
                .and_then(|t| t.members.iter().find(|(n, _)| n == name));
            places.extend(member.map(|(_, info)| info.place.clone()));
        }
        Target::Parameter(name) => {
            places.extend(symbols.parameters.get(name).map(|p| p.place.clone()));
        }
        Target::Type(name) => {
            places.extend(symbols.types.get(name).map(|t| t.place.clone()));
        }
        Target::Variant(name) => {
            let variants = symbols.variants.get(name).into_iter().flatten();
            places.extend(variants.map(|v| v.place.clone()));
        }
        Target::Condition { article, name } | Target::Route { article, name } => {
            let route = matches!(target, Target::Route { .. });
            let versions = symbols
                .articles
                .get(article)
                .map(|a| a.versions.as_slice())
                .unwrap_or_default();
            // The latest version first: the one a reader most likely means.
            for version in versions.iter().rev() {
                let rules = if route {
                    &version.routes
                } else {
                    &version.conditions
                };
                places.extend(
                    rules
                        .iter()
                        .filter(|r| &r.name == name)
                        .map(|r| r.place.clone()),
                );
            }
        }
        Target::Article(id) => {
            let article = symbols.articles.get(id).into_iter();
            places.extend(article.flat_map(|a| a.places.iter().cloned()));
        }
    }
    places.dedup();
    places
}
