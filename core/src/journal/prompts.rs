//! Built-in reflection prompts, in each language. A reflection keeps the
//! prompt's key, so the question shows in whichever language is in use.

use crate::i18n::Lang;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Prompt {
    pub key: &'static str,
    pub text: &'static str,
}

const PROMPTS: [(&str, &str, &str); 6] = [
    ("carry_home", "What did I carry home today?", "今日、心に持ち帰ってきたものは何だろう？"),
    ("boundary", "Where did I feel a boundary being tested?", "境界が試されていると感じたのは、どんな場面だった？"),
    (
        "went_well",
        "What went well, and what was my part in it?",
        "うまくいったことは何？　そこで自分はどんな役割を果たした？",
    ),
    ("body", "What is my body telling me right now?", "いま、体は何を伝えてきている？"),
    ("set_down", "What can I set down before tomorrow?", "明日までに手放せることは何だろう？"),
    ("supervision", "What do I want to bring to supervision?", "スーパービジョンで話したいことは何？"),
];

/// The prompts in `lang`, in the order they are offered.
pub fn prompts(lang: Lang) -> Vec<Prompt> {
    PROMPTS.iter().map(|(key, en, ja)| Prompt { key, text: if lang == Lang::Ja { ja } else { en } }).collect()
}

/// Whether `key` names a built-in prompt.
pub fn is_prompt(key: &str) -> bool {
    PROMPTS.iter().any(|(k, _, _)| *k == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_offer_the_same_prompts() {
        let keys = |lang| prompts(lang).into_iter().map(|p| p.key).collect::<Vec<_>>();
        assert_eq!(keys(Lang::En), keys(Lang::Ja));
        assert!(prompts(Lang::Ja).iter().all(|p| !p.text.is_ascii()));
        assert!(is_prompt("carry_home") && !is_prompt("nope"));
    }
}
