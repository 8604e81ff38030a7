//! The only place that knows URL and output-path rules. Pages link to each other
//! with relative URLs, so a site works unchanged at the domain root or under a
//! sub-path; canonical and hreflang URLs are absolute, from `base_url`.

/// Where a page lives. Pair routes always put the lower code first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route<'a> {
    Root,
    Home {
        locale: &'a str,
    },
    Family {
        locale: &'a str,
        family: &'a str,
    },
    Code {
        locale: &'a str,
        family: &'a str,
        code: u16,
    },
    Pair {
        locale: &'a str,
        family: &'a str,
        a: u16,
        b: u16,
    },
}

impl<'a> Route<'a> {
    /// The route of the pair page of two codes, in either order.
    pub fn pair(locale: &'a str, family: &'a str, x: u16, y: u16) -> Self {
        Route::Pair {
            locale,
            family,
            a: x.min(y),
            b: x.max(y),
        }
    }

    /// The same page in another locale; the root, which has no locale, stands
    /// for every locale's home page.
    pub fn in_locale(self, other: &'a str) -> Self {
        match self {
            Route::Root | Route::Home { .. } => Route::Home { locale: other },
            Route::Family { family, .. } => Route::Family {
                locale: other,
                family,
            },
            Route::Code { family, code, .. } => Route::Code {
                locale: other,
                family,
                code,
            },
            Route::Pair { family, a, b, .. } => Route::Pair {
                locale: other,
                family,
                a,
                b,
            },
        }
    }

    /// The folder of the page relative to the output root: `""` for the root,
    /// otherwise ending in `/`, e.g. `ru/sip/302-vs-401/`.
    pub fn dir(&self) -> String {
        match self {
            Route::Root => String::new(),
            Route::Home { locale } => format!("{locale}/"),
            Route::Family { locale, family } => format!("{locale}/{family}/"),
            Route::Code {
                locale,
                family,
                code,
            } => format!("{locale}/{family}/{code}/"),
            Route::Pair {
                locale,
                family,
                a,
                b,
            } => format!("{locale}/{family}/{a}-vs-{b}/"),
        }
    }

    /// The file the page is written to, relative to the output root.
    pub fn file(&self) -> String {
        format!("{}index.html", self.dir())
    }
}

/// A relative URL from a page in folder `from_dir` to `to` (a folder ending in
/// `/` or a file), both relative to the output root.
pub fn relative(from_dir: &str, to: &str) -> String {
    let depth = from_dir.matches('/').count();
    let url = format!("{}{to}", "../".repeat(depth));
    if url.is_empty() { "./".into() } else { url }
}

/// The absolute URL of an output path.
pub fn absolute(base_url: &str, path: &str) -> String {
    format!("{base_url}{path}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pair_routes_put_the_lower_code_first() {
        let r = Route::pair("en", "sip", 401, 302);
        assert_eq!(r.dir(), "en/sip/302-vs-401/");
        assert_eq!(r.file(), "en/sip/302-vs-401/index.html");
    }

    #[test]
    fn relative_links_climb_out_of_the_current_folder() {
        assert_eq!(
            relative("en/sip/302/", "en/sip/401/"),
            "../../../en/sip/401/"
        );
        assert_eq!(relative("en/sip/302/", "style.css"), "../../../style.css");
        assert_eq!(relative("", "en/"), "en/");
        assert_eq!(relative("", ""), "./");
        assert_eq!(relative("ru/", ""), "../");
    }

    #[test]
    fn in_locale_keeps_the_page() {
        let r = Route::Code {
            locale: "en",
            family: "sip",
            code: 302,
        };
        assert_eq!(r.in_locale("zh").dir(), "zh/sip/302/");
        assert_eq!(Route::Root.in_locale("zh").dir(), "zh/");
    }
}
