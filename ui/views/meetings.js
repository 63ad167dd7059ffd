// Meetings: start one from a template, resume an unfinished one, history.
import { call } from '../lib/ipc.js';
import { formatDateTime, t } from '../lib/i18n.js';
import { errorBox, h, showError } from '../lib/dom.js';

export async function render(root, ctx) {
  const error = errorBox();
  const page = h('section', { class: 'page' }, h('h1', { text: t('meetings.title') }), error);
  root.append(page);
  try {
    const [unfinished, templates, sessions] = await Promise.all([
      call('meeting_unfinished'), call('templates_builtin'), call('sessions_latest', { limit: 100 }),
    ]);
    if (unfinished !== null) page.append(resumeCard(ctx, error));
    page.append(startCard(ctx, templates, error), historyCard(ctx, sessions),
      h('p', { class: 'aside' }, h('button', { type: 'button', id: 'crisis-edit', class: 'link',
        text: t('meetings.crisisEdit'), onclick: () => ctx.go('crisisEdit') })));
  } catch (e) {
    showError(error, e.message);
  }
}

function resumeCard(ctx, error) {
  return h('div', { class: 'card notice-card', role: 'status' },
    h('h2', { text: t('meetings.resumeTitle') }),
    h('p', { text: t('meetings.resumeBody') }),
    h('button', { type: 'button', id: 'resume-meeting', class: 'primary', text: t('meetings.resume'),
      onclick: async () => {
        try {
          const live = await call('meeting_resume');
          ctx.go('live', { live, resumed: true });
        } catch (e) { showError(error, e.message); }
      } }));
}

function startCard(ctx, templates, error) {
  const select = h('select', { id: 'template' },
    templates.map((tpl) => h('option', { value: tpl.key, text: `${tpl.name} (${tpl.phases.length})` })));
  const form = h('form', { class: 'card', novalidate: true },
    h('h2', { text: t('meetings.start') }),
    h('div', { class: 'field' }, h('label', { for: 'template', text: t('meetings.template') }), select),
    h('button', { type: 'submit', id: 'start-meeting', class: 'primary', text: t('meetings.startButton') }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const live = await call('meeting_start', { templateKey: select.value });
      ctx.go('live', { live });
    } catch (e) { showError(error, e.message); }
  });
  return form;
}

function historyCard(ctx, sessions) {
  const card = h('div', { class: 'card' }, h('h2', { text: t('meetings.history') }));
  if (sessions.length === 0) {
    card.append(h('p', { id: 'history-empty', class: 'empty', text: t('meetings.noHistory') }));
    return card;
  }
  card.append(h('ul', { id: 'history', class: 'entries' }, sessions.map((s) => h('li', {},
    h('button', { type: 'button', class: 'entry session-item', 'data-id': s.id,
      onclick: () => ctx.go('session', { id: s.id }) },
      h('span', { class: 'entry-title', text: formatDateTime(s.started_at) }),
      h('span', { class: 'entry-excerpt', text: s.template_name }),
      h('span', { class: 'entry-meta', text: s.ended_at === null ? t('meetings.running')
        : (s.attendance === null ? '' : t('meetings.attendance', { count: s.attendance })) }))))));
  return card;
}
