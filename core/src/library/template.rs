//! Meeting templates: ordered phases of items, each item with optional words
//! to read aloud and optional planned minutes.
//!
//! The built-in templates live here, in code, complete in Japanese and
//! English, so they can never be edited or lost; users copy one to change it.

use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::limits::{
    NAME_CHARS as MAX_TITLE_CHARS, PHASE_ITEMS_MAX as MAX_ITEMS, PHASE_MINUTES_MAX, SCRIPT_CHARS as MAX_SCRIPT_CHARS,
    TEMPLATE_PHASES_MAX as MAX_PHASES,
};
use crate::text;
use serde::{Deserialize, Serialize};

const MINUTES: std::ops::RangeInclusive<u32> = 1..=PHASE_MINUTES_MAX;
/// Keys of built-in templates start with this; the rest is the name.
const BUILTIN_PREFIX: &str = "builtin:";
/// The built-in a group falls back to when its template copy is deleted.
pub const FALLBACK_KEY: &str = "builtin:standard";
/// The least time fitting a template to a group's length leaves the round.
const MIN_SHARING_MINUTES: u32 = 5;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    /// `builtin:<name>` for built-ins; user copies get their own key.
    pub key: String,
    pub name: String,
    pub language: Lang,
    pub phases: Vec<Phase>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phase {
    pub title: String,
    pub planned_minutes: Option<u32>,
    /// The phase that holds the sharing round (turns, timer, queue).
    pub sharing_round: bool,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub label: String,
    pub script: Option<String>,
    pub minutes: Option<u32>,
}

/// The names of the built-in templates, in the order they are offered.
pub const BUILTINS: [&str; 6] = ["standard", "iippanashi", "smart", "tojisha", "wrap", "family"];

impl Template {
    pub fn is_builtin(&self) -> bool {
        Self::builtin_name(&self.key).is_some()
    }

    /// The built-in's name (`standard` for `builtin:standard`), if the key
    /// names a built-in.
    pub fn builtin_name(key: &str) -> Option<&str> {
        key.strip_prefix(BUILTIN_PREFIX)
    }

    pub fn planned_minutes(&self) -> u32 {
        self.phases.iter().filter_map(|p| p.planned_minutes).sum()
    }

    /// The database id of a user's template (`user:<id>`), if this is one.
    /// Only the one spelling the store gives (`user:5`, not `user:05`).
    pub fn user_id(key: &str) -> Option<i64> {
        let id: i64 = key.strip_prefix("user:")?.parse().ok()?;
        (id > 0 && format!("user:{id}") == key).then_some(id)
    }

    /// Checks what a user may have typed into a copy: every title and label
    /// present and of sane length, times in range, at most one sharing round.
    pub fn validate(&self) -> Result<()> {
        label(&self.name)?;
        if self.phases.is_empty() || self.phases.len() > MAX_PHASES {
            return Err(Error::InvalidSetting("a template has 1 to 20 phases"));
        }
        if self.phases.iter().filter(|p| p.sharing_round).count() > 1 {
            return Err(Error::InvalidSetting("a template has at most one sharing round"));
        }
        for phase in &self.phases {
            label(&phase.title)?;
            minutes(phase.planned_minutes)?;
            if phase.items.len() > MAX_ITEMS {
                return Err(Error::InvalidSetting("a phase has at most 60 items"));
            }
            for item in &phase.items {
                label(&item.label)?;
                minutes(item.minutes)?;
                text::lines(item.script.as_deref().unwrap_or(""), MAX_SCRIPT_CHARS)?;
            }
        }
        Ok(())
    }

    /// The same template with surrounding spaces trimmed and empty scripts
    /// dropped, as it is kept.
    pub fn tidied(mut self) -> Template {
        self.name = self.name.trim().to_owned();
        for phase in &mut self.phases {
            phase.title = phase.title.trim().to_owned();
            for item in &mut phase.items {
                item.label = item.label.trim().to_owned();
                item.script = item.script.take().map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
            }
        }
        self
    }

    /// Fits the plan to a group's usual length: the difference goes to (or
    /// comes from) the sharing round, which is where a longer or shorter
    /// meeting is felt; the other phases keep their time. Leaves the plan
    /// alone when there is no timed sharing round.
    pub fn fitted_to(mut self, total_minutes: u32) -> Template {
        let others: u32 = self.phases.iter().filter(|p| !p.sharing_round).filter_map(|p| p.planned_minutes).sum();
        if let Some(round) = self.phases.iter_mut().find(|p| p.sharing_round && p.planned_minutes.is_some()) {
            round.planned_minutes = Some(total_minutes.saturating_sub(others).max(MIN_SHARING_MINUTES));
        }
        self
    }
}

/// A name or label: present, one line, not too long.
fn label(s: &str) -> Result<()> {
    if s.trim().is_empty() {
        return Err(Error::EmptyText);
    }
    text::line(s.trim(), MAX_TITLE_CHARS)
}

fn minutes(m: Option<u32>) -> Result<()> {
    match m {
        Some(m) if !MINUTES.contains(&m) => Err(Error::InvalidSetting("minutes are 1 to 600")),
        _ => Ok(()),
    }
}

/// A built-in template by name, in a language.
pub fn builtin(name: &str, lang: Lang) -> Option<Template> {
    let ja = lang == Lang::Ja;
    let (title, phases) = match name {
        "standard" => standard(ja),
        "iippanashi" => iippanashi(ja),
        "smart" => smart(ja),
        "tojisha" => tojisha(ja),
        "wrap" => wrap_style(ja),
        "family" => family_group(ja),
        _ => return None,
    };
    Some(Template { key: format!("{BUILTIN_PREFIX}{name}"), name: title.to_owned(), language: lang, phases })
}

pub fn builtins(lang: Lang) -> Vec<Template> {
    BUILTINS.iter().filter_map(|n| builtin(n, lang)).collect()
}

/// Builds a phase from (label, script) pairs.
fn phase(title: &str, minutes: u32, sharing_round: bool, items: &[(&str, Option<&str>)]) -> Phase {
    Phase {
        title: title.to_owned(),
        planned_minutes: Some(minutes),
        sharing_round,
        items: items
            .iter()
            .map(|(label, script)| Item {
                label: (*label).to_owned(),
                script: script.map(str::to_owned),
                minutes: None,
            })
            .collect(),
    }
}

/// `l!(ja, japanese, english)`: the text in the template's language.
macro_rules! l {
    ($ja:expr, $ja_text:expr, $en_text:expr) => {
        if $ja {
            $ja_text
        } else {
            $en_text
        }
    };
}

/// A checklist item and the words read aloud for it, if any.
type ItemText = (&'static str, Option<&'static str>);

// Items several templates share, worded once.

fn stays_here(ja: bool) -> ItemText {
    (
        l!(ja, "ここで聞いたことはここに置いていく", "What is said here stays here"),
        Some(l!(
            ja,
            "ここで聞いた話は、ここに置いて帰ります。外では話しません。",
            "What is said here stays here. We don't repeat it outside this room."
        )),
    )
}

fn crisis_contacts_at_hand(ja: bool) -> ItemText {
    (l!(ja, "緊急時の連絡先が手元にある", "Crisis contacts are at hand"), None)
}

fn facilitator_role(ja: bool) -> ItemText {
    (
        l!(ja, "進行役の役割を伝える", "The facilitator's role"),
        Some(l!(
            ja,
            "わたしは今日の進行役です。専門家ではなく、みなさんと同じ立場の仲間として時間を見守ります。",
            "I'm facilitating today. I'm not an expert, just a peer keeping time and holding the space."
        )),
    )
}

fn no_criticism(ja: bool) -> ItemText {
    (
        l!(ja, "批判や否定をしない", "No criticism or denial"),
        Some(l!(ja, "人の話を批判したり、否定したりしません。", "We don't criticise or deny anyone's experience.")),
    )
}

fn confidentiality_exception(ja: bool) -> ItemText {
    (
        l!(ja, "守秘の例外を伝える", "The one exception to confidentiality"),
        Some(l!(
            ja,
            "ひとつだけ例外があります。命や安全に重大な危険があるときは、専門の支援につなぐことがあります。",
            "There is one exception: if someone is at risk of serious harm, I may help connect them with professional support."
        )),
    )
}

fn safe_space(ja: bool) -> Phase {
    phase(
        l!(ja, "安心できる場づくり", "Safe space"),
        10,
        false,
        &[
            (l!(ja, "部屋と座席の準備ができている", "Room and seating are ready"), None),
            (
                l!(ja, "携帯電話の音を消してもらう", "Phones are silenced"),
                Some(l!(
                    ja,
                    "始める前に、携帯電話の音を消すか、マナーモードにしてください。",
                    "Before we begin, please silence your phones."
                )),
            ),
            (
                l!(ja, "歓迎のことば（特に初めての方へ）", "Welcome, especially newcomers"),
                Some(l!(
                    ja,
                    "ようこそお越しくださいました。初めての方も、よく来てくださいました。",
                    "Welcome, everyone, and a special welcome to anyone here for the first time."
                )),
            ),
            facilitator_role(ja),
            (
                l!(ja, "参加は自由で、パスしてよいことを伝える", "Taking part is voluntary; anyone may pass"),
                Some(l!(
                    ja,
                    "話すかどうかは自由です。話したくないときは「パス」と言ってください。",
                    "Sharing is always voluntary. If you'd rather not speak, just say \"pass\"."
                )),
            ),
            (
                l!(ja, "途中で席を外せる場所を伝える", "Where to step out if needed"),
                Some(l!(
                    ja,
                    "途中でつらくなったら、いつでも席を外して構いません。廊下の先に休める場所があります。",
                    "If you need a break at any point, you can step out; there is a quiet spot just outside."
                )),
            ),
            crisis_contacts_at_hand(ja),
        ],
    )
}

fn ground_rules(ja: bool) -> Phase {
    phase(
        l!(ja, "グラウンドルール", "Ground rules"),
        5,
        false,
        &[
            stays_here(ja),
            (
                l!(ja, "最後までさえぎらずに聴く", "Listen to the end without interrupting"),
                Some(l!(
                    ja,
                    "話している人の言葉を、最後までさえぎらずに聴きます。",
                    "We listen to each person to the end, without interrupting."
                )),
            ),
            no_criticism(ja),
            (
                l!(
                    ja,
                    "助言ではなく自分の経験を話す（「わたし」を主語に）",
                    "Share your own experience, not advice (\"I\" statements)"
                ),
                Some(l!(
                    ja,
                    "助言ではなく、「わたしは」を主語にして自分の経験を話します。",
                    "We speak from our own experience, using \"I\", rather than giving advice."
                )),
            ),
            (
                l!(ja, "言いっぱなし・聞きっぱなし（クロストークなし）", "No cross-talk"),
                Some(l!(
                    ja,
                    "言いっぱなし・聞きっぱなしです。人の話に応えたり、質問したりしません。",
                    "No cross-talk: we don't respond to or question each other's shares."
                )),
            ),
            (
                l!(ja, "ニックネームで構わない", "Nicknames are fine"),
                Some(l!(
                    ja,
                    "本名でなくても、呼ばれたい名前で構いません。",
                    "You're welcome to use a nickname instead of your real name."
                )),
            ),
            confidentiality_exception(ja),
        ],
    )
}

fn closing(ja: bool) -> Phase {
    phase(
        l!(ja, "クロージング", "Closing"),
        10,
        false,
        &[
            (
                l!(ja, "ひとことチェックアウト", "A short check-out round"),
                Some(l!(
                    ja,
                    "最後に、今の気持ちをひとことずつお願いします。パスも大丈夫です。",
                    "To close, let's go round once more: a word or two about how you are leaving. Passing is fine."
                )),
            ),
            (
                l!(ja, "守秘の確認", "Confidentiality reminder"),
                Some(l!(
                    ja,
                    "今日ここで聞いた話は、ここに置いて帰りましょう。",
                    "Please leave what you heard today here in this room."
                )),
            ),
            (l!(ja, "次回の日時を伝える", "Next meeting"), None),
            (l!(ja, "会と会のあいだの相談先を伝える", "Where to get help between meetings"), None),
            (l!(ja, "進行役自身のチェックインとデブリーフィング", "Facilitator's own check-in and debrief"), None),
        ],
    )
}

fn standard(ja: bool) -> (&'static str, Vec<Phase>) {
    let sharing = phase(
        l!(ja, "分かち合い", "Sharing"),
        60,
        true,
        &[
            (
                l!(ja, "今日のテーマ（任意）を伝える", "Optional theme"),
                Some(l!(
                    ja,
                    "今日のテーマは、話のきっかけとしてお伝えするものです。テーマに沿って話しても、沿わなくても構いません。",
                    "Today's theme is offered as a starting point; you can speak to it or not."
                )),
            ),
            (
                l!(ja, "分かち合いのラウンド", "Sharing round"),
                Some(l!(
                    ja,
                    "それでは、順番に分かち合いを始めます。お一人の時間は画面のとおりです。",
                    "Let's begin the sharing round. Each person's time is shown on the screen."
                )),
            ),
            (
                l!(
                    ja,
                    "バランスに気を配る（長すぎる声・聞かれていない声）",
                    "Watch the balance (one voice too long, one not heard)"
                ),
                None,
            ),
        ],
    );
    (
        l!(ja, "標準のピアサポートミーティング", "Standard peer-support meeting"),
        vec![safe_space(ja), ground_rules(ja), sharing, closing(ja)],
    )
}

fn iippanashi(ja: bool) -> (&'static str, Vec<Phase>) {
    let sharing = phase(
        l!(ja, "言いっぱなし・聞きっぱなし", "Sharing without cross-talk"),
        60,
        true,
        &[
            (
                l!(ja, "一人ひとりの持ち時間を告げる", "Announce each person's time"),
                Some(l!(
                    ja,
                    "お一人の持ち時間は画面に出ている時間です。時間が来たらお知らせします。",
                    "Each person has the time shown on the screen; I'll let you know when it's up."
                )),
            ),
            (
                l!(ja, "応答・質問・助言をしないことを確認", "No responses, questions or advice"),
                Some(l!(
                    ja,
                    "話し終わっても、誰も応えたり質問したりしません。ただ聴きます。",
                    "When someone finishes, nobody responds or asks questions. We simply listen."
                )),
            ),
            (
                l!(ja, "沈黙も参加のうち", "Silence counts as taking part"),
                Some(l!(
                    ja,
                    "黙っていることも、ここにいることも、立派な参加です。",
                    "Sitting in silence is taking part too. Being here is enough."
                )),
            ),
            (l!(ja, "分かち合いのラウンド", "Sharing round"), None),
        ],
    );
    (
        l!(ja, "言いっぱなし・聞きっぱなしの分かち合い", "Iippanashi-kikippanashi sharing meeting"),
        vec![safe_space(ja), ground_rules(ja), sharing, closing(ja)],
    )
}

fn smart(ja: bool) -> (&'static str, Vec<Phase>) {
    let welcome = phase(
        l!(ja, "ようこそ", "Welcome"),
        5,
        false,
        &[
            (
                l!(ja, "歓迎とミーティングの目的", "Welcome and the meeting's purpose"),
                Some(l!(
                    ja,
                    "ようこそ。このミーティングは、自分で選んだ変化を仲間と一緒に考える場です。",
                    "Welcome. This meeting is a place to work on the changes we choose for ourselves, together."
                )),
            ),
            (
                l!(ja, "グラウンドルールと守秘", "Ground rules and confidentiality"),
                Some(l!(
                    ja,
                    "ここで聞いたことはここに置いていきます。一人ずつ話し、互いを尊重します。",
                    "What is said here stays here. One person speaks at a time, with respect."
                )),
            ),
        ],
    );
    let check_in = phase(
        l!(ja, "チェックイン", "Check-in"),
        15,
        true,
        &[(
            l!(ja, "一人ずつ、この一週間と今の状態", "Each person: the past week and how they are"),
            Some(l!(
                ja,
                "一人ずつ、この一週間のことと今の気持ちを短く話してください。",
                "Going round, please share briefly how your week has been and how you are now."
            )),
        )],
    );
    let agenda = phase(
        l!(ja, "議題決め", "Agenda"),
        5,
        false,
        &[
            (l!(ja, "取り上げたいことを集める", "Gather what people want to work on"), None),
            (l!(ja, "時間の配分を決める", "Agree how to share the time"), None),
        ],
    );
    let work = phase(
        l!(ja, "取り組みの時間", "Working time"),
        45,
        false,
        &[
            (l!(ja, "議題ごとに話し合う", "Work through the agenda"), None),
            (l!(ja, "ツールや考え方を分かち合う", "Share tools and ideas"), None),
        ],
    );
    let check_out = phase(
        l!(ja, "チェックアウト", "Check-out"),
        10,
        false,
        &[
            (
                l!(ja, "次までにやってみたいこと", "What I'll try before next time"),
                Some(l!(
                    ja,
                    "最後に、次のミーティングまでにやってみたいことを一つずつ。",
                    "To close: one thing each of us would like to try before we meet again."
                )),
            ),
            (l!(ja, "次回と相談先を伝える", "Next meeting and where to get help"), None),
        ],
    );
    (l!(ja, "SMART 形式のミーティング", "SMART-style meeting"), vec![welcome, check_in, agenda, work, check_out])
}

fn tojisha(ja: bool) -> (&'static str, Vec<Phase>) {
    let opening = phase(
        l!(ja, "はじまり", "Opening"),
        10,
        false,
        &[
            (
                l!(ja, "当事者研究の考え方を伝える", "What tōjisha-kenkyū is"),
                Some(l!(
                    ja,
                    "当事者研究は、自分の苦労を「研究」の対象として、仲間と一緒に眺める時間です。",
                    "In tōjisha-kenkyū we look at our own difficulties together, as researchers of our own lives."
                )),
            ),
            (
                l!(ja, "「人と問題を分ける」", "Separate the person from the problem"),
                Some(l!(
                    ja,
                    "人を責めず、苦労のパターンそのものを一緒に見ていきます。",
                    "We don't blame the person; we look together at the pattern of the difficulty."
                )),
            ),
        ],
    );
    let rules = ground_rules(ja);
    let research = phase(
        l!(ja, "研究の時間", "Research"),
        50,
        true,
        &[
            (l!(ja, "研究したい苦労を出してもらう", "Someone offers a difficulty to study"), None),
            (l!(ja, "苦労に名前をつける（自己病名など）", "Give the difficulty a name"), None),
            (l!(ja, "パターンとしくみを図にする", "Draw its pattern and mechanism"), None),
            (
                l!(ja, "仲間の経験を分かち合う", "Peers share related experiences"),
                Some(l!(
                    ja,
                    "似た経験のある方は、自分の経験として分かち合ってください。",
                    "If you've had something similar, please share it as your own experience."
                )),
            ),
            (l!(ja, "次に試すことを考える", "An experiment to try next"), None),
        ],
    );
    (
        l!(ja, "当事者研究ミーティング", "Tōjisha-kenkyū (self-directed research) meeting"),
        vec![opening, rules, research, closing(ja)],
    )
}

/// A recovery-planning group in the style of WRAP groups. WRAP is a
/// registered name of its owners: this is not an official WRAP workshop,
/// says so when it opens, and quotes none of their materials.
fn wrap_style(ja: bool) -> (&'static str, Vec<Phase>) {
    let opening = phase(
        l!(ja, "はじまり", "Opening"),
        10,
        false,
        &[
            (
                l!(ja, "歓迎のことば（特に初めての方へ）", "Welcome, especially newcomers"),
                Some(l!(
                    ja,
                    "ようこそお越しくださいました。今日は、自分の元気を保つためのプランを、仲間と一緒に考えます。",
                    "Welcome, everyone. Today we work together on our own plans for staying well."
                )),
            ),
            (
                l!(
                    ja,
                    "WRAPの形式にならった会で、公式のワークショップではないと伝える",
                    "This follows the style of WRAP groups; it is not an official WRAP workshop"
                ),
                Some(l!(
                    ja,
                    "この会はWRAPのグループの進め方にならっていますが、公式のWRAPワークショップではありません。",
                    "This group follows the style of WRAP groups, but it is not an official WRAP workshop."
                )),
            ),
            facilitator_role(ja),
            (l!(ja, "紙とペンが手元にある", "Paper and pens are at hand"), None),
            crisis_contacts_at_hand(ja),
        ],
    );
    let agreements = phase(
        l!(ja, "約束ごと", "Agreements"),
        5,
        false,
        &[
            stays_here(ja),
            (
                l!(ja, "自分のことは自分がいちばんよく知っている", "Each of us knows our own life best"),
                Some(l!(
                    ja,
                    "自分の元気のことを一番よく知っているのは、自分自身です。プランの中身は一人ひとりが決めます。",
                    "Each of us knows best what keeps us well. Everyone decides what goes in their own plan."
                )),
            ),
            (
                l!(ja, "求められない限り助言はしない", "No advice unless asked"),
                Some(l!(
                    ja,
                    "求められない限り、助言はしません。自分の経験として話します。",
                    "We don't give advice unless someone asks; we speak from our own experience."
                )),
            ),
            (
                l!(ja, "話すかどうかは自由で、パスしてよい", "Taking part is voluntary; anyone may pass"),
                Some(l!(
                    ja,
                    "話すかどうか、プランを見せるかどうかは自由です。パスも大丈夫です。",
                    "Sharing, and showing your plan, is always voluntary. Passing is fine."
                )),
            ),
        ],
    );
    let check_in = phase(
        l!(ja, "チェックイン", "Check-in"),
        10,
        false,
        &[(
            l!(ja, "今の調子をひとことずつ", "How I am today, in a few words"),
            Some(l!(
                ja,
                "今の調子を、ひとことずつ聞かせてください。パスも大丈夫です。",
                "Let's go round: a few words each about how you are today. Passing is fine."
            )),
        )],
    );
    let topic = phase(
        l!(ja, "今日のテーマ", "Today's topic"),
        15,
        false,
        &[
            (
                l!(
                    ja,
                    "今日取り上げるプランの部分を一つ選んで伝える",
                    "Name the one part of the plan we look at today"
                ),
                Some(l!(
                    ja,
                    "今日は、プランのうち次の部分を一緒に考えます。",
                    "Today we look together at this part of a recovery plan."
                )),
            ),
            (l!(ja, "元気に役立つ道具箱", "Wellness toolbox"), None),
            (l!(ja, "毎日の過ごし方のプラン", "Daily plan"), None),
            (l!(ja, "調子をくずすきっかけ", "Triggers"), None),
            (l!(ja, "調子が悪くなりかけているサイン", "Early warning signs"), None),
            (l!(ja, "クライシスのときのプラン", "Crisis plan"), None),
            (
                l!(ja, "例を一つ自分の経験から話す", "Give one example from your own experience"),
                Some(l!(
                    ja,
                    "わたしの場合を一つ、例としてお話しします。",
                    "Here is one example, from my own experience."
                )),
            ),
        ],
    );
    let work = phase(
        l!(ja, "自分のプランづくりと分かち合い", "Working on my plan, and sharing"),
        40,
        true,
        &[
            (
                l!(ja, "一人で書く時間をとる（10分）", "Time to write on your own (10 min)"),
                Some(l!(
                    ja,
                    "まず10分ほど、自分のプランを書いてみましょう。書かずに考えるだけでも大丈夫です。",
                    "First, about 10 minutes to write your own plan. Just thinking, without writing, is fine too."
                )),
            ),
            (
                l!(ja, "一人ずつ、書いたことや気づいたことを話す", "In turn, share what you wrote or noticed"),
                Some(l!(
                    ja,
                    "順番に、書いたことや気づいたことを話してください。パスも大丈夫です。",
                    "In turn, share what you wrote or what you noticed. Passing is fine."
                )),
            ),
            (
                l!(
                    ja,
                    "聞いた人は、自分のプランに取り入れたいことをメモする",
                    "Listeners note what they might add to their own plan"
                ),
                None,
            ),
        ],
    );
    (
        l!(ja, "WRAP 形式のリカバリープラン・グループ", "WRAP-style recovery planning group"),
        vec![opening, agreements, check_in, topic, work, closing(ja)],
    )
}

/// A group for families and those close to someone who struggles
/// (家族会; groups such as Al-Anon and Nar-Anon meet in this shape).
fn family_group(ja: bool) -> (&'static str, Vec<Phase>) {
    let opening = phase(
        l!(ja, "はじまり", "Opening"),
        10,
        false,
        &[
            (
                l!(ja, "歓迎のことば（特に初めての方へ）", "Welcome, especially newcomers"),
                Some(l!(
                    ja,
                    "ようこそお越しくださいました。ここは、身近な人のことで悩んでいる家族や周りの人が、自分の気持ちを話せる場です。",
                    "Welcome. This is a place for family members and others close to someone who is struggling, to talk about how it is for us."
                )),
            ),
            (
                l!(ja, "進行役の役割を伝える", "The facilitator's role"),
                Some(l!(
                    ja,
                    "わたしは今日の進行役です。専門家ではなく、同じ立場の家族として時間を見守ります。",
                    "I'm facilitating today. I'm not an expert, just another family member keeping time."
                )),
            ),
            (
                l!(ja, "参加は自由で、パスしてよいことを伝える", "Taking part is voluntary; anyone may pass"),
                Some(l!(
                    ja,
                    "話すかどうかは自由です。聞いているだけでも大丈夫です。",
                    "Sharing is always voluntary. Just listening is fine."
                )),
            ),
            crisis_contacts_at_hand(ja),
        ],
    );
    let rules = phase(
        l!(ja, "グラウンドルール", "Ground rules"),
        5,
        false,
        &[
            stays_here(ja),
            (
                l!(ja, "自分自身と自分の経験について話す", "Speak about yourself and your own experience"),
                Some(l!(
                    ja,
                    "家族のことではなく、「わたしは」を主語にして、自分の気持ちと経験を話します。",
                    "We speak about ourselves, using \"I\": our own feelings and experience, rather than about the person we worry about."
                )),
            ),
            (
                l!(ja, "求められない限り助言はしない", "No advice unless asked"),
                Some(l!(
                    ja,
                    "求められない限り、助言はしません。",
                    "We don't give advice unless someone asks for it."
                )),
            ),
            no_criticism(ja),
            confidentiality_exception(ja),
        ],
    );
    let sharing = phase(
        l!(ja, "分かち合い", "Sharing"),
        50,
        true,
        &[
            (
                l!(ja, "今日のテーマ（任意）を伝える", "Optional theme"),
                Some(l!(
                    ja,
                    "今日は「自分のための時間」をテーマにしますが、ほかの話でも構いません。",
                    "Today's theme is \"time for myself\", but you're welcome to talk about anything."
                )),
            ),
            (
                l!(ja, "一人あたりの時間を伝える", "Time for each person"),
                Some(l!(
                    ja,
                    "一人あたりの時間の目安をお伝えします。時間が来たら、そっとお知らせします。",
                    "I'll say roughly how long each person has, and let you know gently when the time is up."
                )),
            ),
        ],
    );
    let information = phase(
        l!(ja, "情報交換", "Information exchange"),
        15,
        false,
        &[
            (
                l!(
                    ja,
                    "役に立った相談先や場所を分かち合う（人の名前は出さない）",
                    "Services and places that helped (no one's name)"
                ),
                Some(l!(
                    ja,
                    "役に立った相談先や場所があれば教えてください。人の名前は出さずにお願いします。",
                    "If a service or a place has helped you, please tell us about it, without naming anyone."
                )),
            ),
            (l!(ja, "資料やチラシを回す", "Pass round leaflets"), None),
        ],
    );
    (l!(ja, "家族会", "Family group"), vec![opening, rules, sharing, information, closing(ja)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_exists_in_both_languages_with_the_same_shape() {
        for name in BUILTINS {
            let en = builtin(name, Lang::En).unwrap();
            let ja = builtin(name, Lang::Ja).unwrap();
            assert!(en.is_builtin() && ja.is_builtin());
            assert_eq!(en.phases.len(), ja.phases.len(), "{name}");
            for (pe, pj) in en.phases.iter().zip(&ja.phases) {
                assert_eq!(pe.items.len(), pj.items.len(), "{name}/{}", pe.title);
                assert_eq!(pe.sharing_round, pj.sharing_round);
                assert_eq!(pe.planned_minutes, pj.planned_minutes);
                for (ie, ij) in pe.items.iter().zip(&pj.items) {
                    assert_eq!(ie.script.is_some(), ij.script.is_some(), "{}", ie.label);
                }
            }
            assert_eq!(en.phases.iter().filter(|p| p.sharing_round).count(), 1, "{name} has one sharing round");
        }
    }

    #[test]
    fn japanese_texts_are_japanese_and_english_are_english() {
        let is_japanese = |s: &str| {
            s.chars().any(|c| ('\u{3040}'..='\u{30ff}').contains(&c) || ('\u{4e00}'..='\u{9fff}').contains(&c))
        };
        for name in BUILTINS {
            let ja = builtin(name, Lang::Ja).unwrap();
            let en = builtin(name, Lang::En).unwrap();
            for p in &ja.phases {
                assert!(is_japanese(&p.title), "{}", p.title);
                for i in &p.items {
                    assert!(is_japanese(&i.label), "{}", i.label);
                }
            }
            for p in &en.phases {
                for i in &p.items {
                    assert!(!is_japanese(&i.label), "{}", i.label);
                }
            }
        }
    }

    #[test]
    fn the_standard_meeting_has_the_four_phases() {
        let t = builtin("standard", Lang::En).unwrap();
        let titles: Vec<_> = t.phases.iter().map(|p| p.title.as_str()).collect();
        assert_eq!(titles, ["Safe space", "Ground rules", "Sharing", "Closing"]);
        assert_eq!(t.planned_minutes(), 85);
        assert!(builtin("nonexistent", Lang::En).is_none());
    }

    /// The WRAP-style group says it is not an official WRAP workshop, and
    /// walks through the parts of a plan; the family group has its
    /// information exchange after the sharing. Both last 90 minutes.
    #[test]
    fn the_wrap_style_and_family_groups_have_their_own_parts() {
        let phases = |t: &Template| t.phases.iter().map(|p| p.title.clone()).collect::<Vec<_>>();
        let wrap = builtin("wrap", Lang::En).unwrap();
        assert_eq!(
            phases(&wrap),
            ["Opening", "Agreements", "Check-in", "Today's topic", "Working on my plan, and sharing", "Closing"]
        );
        assert_eq!(wrap.planned_minutes(), 90);
        let said: Vec<_> = wrap.phases[0].items.iter().filter_map(|i| i.script.as_deref()).collect();
        assert!(said.iter().any(|s| s.contains("not an official WRAP workshop")), "{said:?}");
        let ja = builtin("wrap", Lang::Ja).unwrap();
        assert!(ja.phases[0]
            .items
            .iter()
            .any(|i| i.script.as_deref().is_some_and(|s| s.contains("公式のWRAPワークショップではありません"))));
        let parts: Vec<_> = ja.phases[3].items.iter().map(|i| i.label.as_str()).collect();
        for part in [
            "元気に役立つ道具箱",
            "毎日の過ごし方のプラン",
            "調子をくずすきっかけ",
            "調子が悪くなりかけているサイン",
            "クライシスのときのプラン",
        ] {
            assert!(parts.contains(&part), "{part}: {parts:?}");
        }

        let family = builtin("family", Lang::Ja).unwrap();
        assert_eq!(family.name, "家族会");
        assert_eq!(phases(&family), ["はじまり", "グラウンドルール", "分かち合い", "情報交換", "クロージング"]);
        assert_eq!(family.planned_minutes(), 90);
        assert!(family.phases[2].sharing_round);
        let rules: Vec<_> =
            builtin("family", Lang::En).unwrap().phases[1].items.iter().map(|i| i.label.clone()).collect();
        for rule in
            ["What is said here stays here", "Speak about yourself and your own experience", "No advice unless asked"]
        {
            assert!(rules.iter().any(|r| r == rule), "{rule}: {rules:?}");
        }
    }

    #[test]
    fn every_builtin_passes_the_checks_a_copy_must_pass() {
        for lang in [Lang::En, Lang::Ja] {
            for t in builtins(lang) {
                t.validate().unwrap();
                assert_eq!(t.clone().tidied(), t, "built-ins are already tidy");
            }
        }
    }

    #[test]
    fn a_copy_with_a_blank_or_broken_part_is_refused() {
        let good = builtin("standard", Lang::En).unwrap();
        let mut t = good.clone();
        t.phases[1].items[0].label = "  ".into();
        assert!(matches!(t.validate(), Err(Error::EmptyText)));
        let mut t = good.clone();
        t.phases[0].sharing_round = true;
        assert!(t.validate().is_err(), "two sharing rounds");
        let mut t = good.clone();
        t.phases[0].planned_minutes = Some(0);
        assert!(t.validate().is_err());
        let mut t = good.clone();
        t.phases.clear();
        assert!(t.validate().is_err());
        let mut t = good;
        t.name = "x".repeat(201);
        assert!(matches!(t.validate(), Err(Error::TooLong { max: 200 })));
    }

    #[test]
    fn a_user_key_has_one_spelling() {
        assert_eq!(Template::user_id("user:5"), Some(5));
        for odd in ["user:05", "user:+5", "user:-5", "user:0", "user:", "user:5 ", "builtin:5", "5"] {
            assert_eq!(Template::user_id(odd), None, "{odd}");
        }
    }

    #[test]
    fn fitting_to_a_group_changes_only_the_sharing_round() {
        let t = builtin("standard", Lang::En).unwrap();
        assert_eq!(t.planned_minutes(), 85);
        let longer = t.clone().fitted_to(120);
        assert_eq!(longer.planned_minutes(), 120);
        assert_eq!(longer.phases[2].planned_minutes, Some(t.phases[2].planned_minutes.unwrap() + 35));
        assert_eq!(longer.phases[0], t.phases[0]);
        let tiny = t.clone().fitted_to(10);
        assert_eq!(tiny.phases[2].planned_minutes, Some(MIN_SHARING_MINUTES), "the round never vanishes");
        assert_eq!(t.clone().fitted_to(85), t);
    }
}
