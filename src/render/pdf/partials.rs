//! Templates that include each other: Handlebars follows `{{> name}}` with no depth limit, so
//! a template that includes itself, directly or through others, would recurse until the
//! process overflows its stack. Such a circle is refused when the templates are loaded, naming
//! the templates in it.

use std::collections::BTreeMap;

/// The partials a template includes by name (`{{> name}}`, `{{#> name}}`); `Err` for one
/// whose name is computed (`{{> (lookup ...)}}`), which cannot be checked.
fn includes(text: &str) -> Result<Vec<String>, String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("{{") {
        rest = &rest[at + 2..];
        let inner = rest.trim_start_matches(['~', '#', ' ']);
        let Some(after) = inner.strip_prefix('>') else {
            continue;
        };
        let after = after.trim_start();
        if after.starts_with('(') {
            return Err(
                "includes a partial whose name is computed ({{> (...)}}); name it".to_owned(),
            );
        }
        let name: String = after
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '}' && *c != '~')
            .collect();
        let name = name.trim_matches(['"', '\'']).to_owned();
        if !name.is_empty() && !name.starts_with('@') {
            found.push(name);
        }
    }
    Ok(found)
}

/// Checks that no template includes itself, directly or through others. `templates` are
/// (name, text) pairs, names as registered (`cover` for `cover.typ.hbs`).
pub fn check(templates: &[(String, String)]) -> Result<(), String> {
    let mut graph: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (name, text) in templates {
        graph.insert(
            name,
            includes(text).map_err(|why| format!("{name}.typ.hbs {why}"))?,
        );
    }
    // Depth-first search with colours: 1 on the path, 2 done.
    let mut colour: BTreeMap<&str, u8> = BTreeMap::new();
    fn visit<'a>(
        n: &'a str,
        graph: &'a BTreeMap<&'a str, Vec<String>>,
        colour: &mut BTreeMap<&'a str, u8>,
        path: &mut Vec<&'a str>,
    ) -> Result<(), String> {
        match colour.get(n) {
            Some(2) => return Ok(()),
            Some(1) => {
                let from = path.iter().position(|p| *p == n).unwrap_or(0);
                let mut circle: Vec<&str> = path[from..].to_vec();
                circle.push(n);
                return Err(format!(
                    "the templates include each other in a circle ({}), which would never end",
                    circle
                        .iter()
                        .map(|t| format!("{t}.typ.hbs"))
                        .collect::<Vec<_>>()
                        .join(" -> ")
                ));
            }
            _ => {}
        }
        colour.insert(n, 1);
        path.push(n);
        for next in graph.get(n).into_iter().flatten() {
            if let Some((key, _)) = graph.get_key_value(next.as_str()) {
                visit(key, graph, colour, path)?;
            }
        }
        path.pop();
        colour.insert(n, 2);
        Ok(())
    }
    for name in graph.keys() {
        visit(name, &graph, &mut colour, &mut Vec::new())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(name: &str, text: &str) -> (String, String) {
        (name.to_owned(), text.to_owned())
    }

    #[test]
    fn circles_of_partials_are_refused() {
        assert!(
            check(&[
                t("a", "{{> b}}"),
                t("b", "{{> c x=1}}"),
                t("c", "plain {{x}}")
            ])
            .is_ok()
        );
        let err = check(&[t("a", "{{> b}}"), t("b", "{{#> a}}x{{/a}}")]).unwrap_err();
        assert!(err.contains("a.typ.hbs -> b.typ.hbs -> a.typ.hbs"), "{err}");
        assert!(
            check(&[t("self", "{{~> self}}")])
                .unwrap_err()
                .contains("self.typ.hbs -> self.typ.hbs")
        );
        assert!(
            check(&[t("d", "{{> (lookup this \"p\")}}")])
                .unwrap_err()
                .contains("computed")
        );
        assert!(check(&[t("e", "{{> @partial-block}}")]).is_ok());
    }
}
