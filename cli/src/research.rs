//! `enza research`: the research notebook (当事者研究) from the command line.

use crate::output::{self, one_line, outln};
use crate::secrets::CliError;
use clap::Subcommand;
use enza_core::research::{describe, Heading, Pattern, Step, StepKind, Study};
use enza_core::{Lang, Vault};
use serde::Serialize;

#[derive(Subcommand)]
pub enum ResearchCommand {
    /// Every piece of research, the most recently changed first
    List {
        #[arg(long)]
        json: bool,
    },
    /// One piece of research: its pattern (as text), experiments and ideas
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Start a piece of research; prints its number
    Add {
        /// The theme (研究テーマ)
        theme: String,
        /// Your own name for the difficulty (自分でつけた苦労の名前)
        #[arg(long, default_value = "")]
        name: String,
        /// A step of the pattern, in order (repeat it): situation, what I
        /// hear or think, what I feel, what I do, what follows, and again
        #[arg(long = "step", value_name = "TEXT")]
        steps: Vec<String>,
        /// The step (from 1) the last step goes back to
        #[arg(long, value_name = "N", requires = "steps")]
        back_to: Option<usize>,
    },
}

/// What `show --json` prints: the research and its pattern as sentences.
#[derive(Serialize)]
struct Shown<'a> {
    #[serde(flatten)]
    study: &'a Study,
    pattern_text: Vec<String>,
}

pub fn research(vault: &Vault, cmd: ResearchCommand) -> Result<(), CliError> {
    let notebook = vault.research();
    let lang = Lang::from_env();
    match cmd {
        ResearchCommand::List { json } => {
            let list = notebook.list()?;
            if json {
                return output::json(&list);
            }
            for s in list {
                outln!("{}\t{}\t{}\t{}", s.id, s.status.label(lang), one_line(&s.theme), one_line(&s.own_name))?;
            }
        }
        ResearchCommand::Show { id, json } => {
            let study = notebook.get(id)?;
            let pattern_text = describe(&study.pattern, lang);
            if json {
                return output::json(&Shown { study: &study, pattern_text });
            }
            show(&study, &pattern_text, lang)?;
        }
        ResearchCommand::Add { theme, name, steps, back_to } => {
            let last = steps.len().saturating_sub(1);
            let steps = steps
                .into_iter()
                .enumerate()
                .map(|(i, text)| Step {
                    kind: StepKind::ALL[i % StepKind::ALL.len()],
                    text,
                    back_to: if i == last { back_to } else { None },
                })
                .collect();
            // Checked before anything is kept, so a refused step leaves
            // no half-made research behind.
            let pattern = Pattern { steps }.tidy()?;
            let study = notebook.start(&Heading { theme, own_name: name, ..Heading::default() })?;
            if !pattern.steps.is_empty() {
                notebook.save_pattern(study.id, &pattern)?;
            }
            outln!("{}", study.id)?;
        }
    }
    Ok(())
}

fn show(study: &Study, pattern_text: &[String], lang: Lang) -> Result<(), CliError> {
    let ja = lang == Lang::Ja;
    let label = |en: &'static str, ja_text: &'static str| if ja { ja_text } else { en };
    outln!("{}", one_line(&study.heading.theme))?;
    if !study.heading.own_name.is_empty() {
        outln!(
            "{}: {}",
            label("My own name for the difficulty", "自分でつけた苦労の名前"),
            one_line(&study.heading.own_name)
        )?;
    }
    outln!("{}: {}", label("Status", "状態"), study.heading.status.label(lang))?;
    if !pattern_text.is_empty() {
        outln!("\n{}", label("The pattern", "苦労のパターン"))?;
        for line in pattern_text {
            outln!("  {}", one_line(line))?;
        }
    }
    if !study.heading.helping_myself.is_empty() {
        outln!("\n{}", label("Ways to help myself", "自分の助け方"))?;
        for line in study.heading.helping_myself.lines() {
            outln!("  {}", one_line(line))?;
        }
    }
    if !study.experiments.is_empty() {
        outln!("\n{}", label("Experiments", "実験"))?;
        for e in &study.experiments {
            outln!("  - {} [{}]", one_line(&e.what), e.verdict.label(lang))?;
            if !e.result.is_empty() {
                outln!("    {}", one_line(&e.result))?;
            }
        }
    }
    if !study.ideas.is_empty() {
        outln!("\n{}", label("Ideas from peers", "仲間のアイデア"))?;
        for i in &study.ideas {
            outln!("  - {}", one_line(&i.text))?;
        }
    }
    Ok(())
}
