//! The pages of a site, as (locale, page) jobs generated lazily: pairs are
//! index pairs `(a, b)` with `a < b`, never a materialized list of pages.

use super::{Route, Site};

/// A page of one locale. Indices point into the site's families and their codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Home,
    Family { family: usize },
    Code { family: usize, code: usize },
    Pair { family: usize, a: usize, b: usize },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Job {
    pub locale: usize,
    pub page: Page,
}

impl Site {
    /// Every localized page, lazily, in a stable order (locale, home, each
    /// family's index, then each code followed by its pairs with higher codes).
    /// Renderers bridge it into rayon; the sitemap walks it in order.
    pub fn jobs(&self) -> impl Iterator<Item = Job> + Send + '_ {
        (0..self.locales.len()).flat_map(move |locale| {
            let families = self.families.iter().enumerate();
            std::iter::once(Page::Home)
                .chain(families.flat_map(|(family, f)| {
                    let n = f.codes.len();
                    std::iter::once(Page::Family { family }).chain((0..n).flat_map(move |a| {
                        std::iter::once(Page::Code { family, code: a })
                            .chain((a + 1..n).map(move |b| Page::Pair { family, a, b }))
                    }))
                }))
                .map(move |page| Job { locale, page })
        })
    }

    /// How many localized pages `jobs` yields.
    pub fn page_count(&self) -> usize {
        let per_locale: usize = 1 + self
            .families
            .iter()
            .map(|f| {
                let n = f.codes.len();
                1 + n + n * n.saturating_sub(1) / 2
            })
            .sum::<usize>();
        per_locale * self.locales.len()
    }

    /// Where a job's page lives.
    pub fn route(&self, job: Job) -> Route<'_> {
        let locale = self.locales[job.locale].id.as_str();
        match job.page {
            Page::Home => Route::Home { locale },
            Page::Family { family } => Route::Family {
                locale,
                family: &self.families[family].id,
            },
            Page::Code { family, code } => {
                let f = &self.families[family];
                Route::Code {
                    locale,
                    family: &f.id,
                    code: f.codes[code].code,
                }
            }
            Page::Pair { family, a, b } => {
                let f = &self.families[family];
                Route::pair(locale, &f.id, f.codes[a].code, f.codes[b].code)
            }
        }
    }
}
