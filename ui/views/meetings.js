// Meetings: start one (for a group, from a template), resume an unfinished
// one, the history, and the ways to groups, templates and the crisis card.
import { call } from '../lib/ipc.js';
import { t } from '../lib/i18n.js';
import { errorBox, h, showError } from '../lib/dom.js';
import { onSubmit } from '../lib/forms.js';
import { sessionList } from '../components/session-list.js';
import { templateSelect } from '../components/template-select.js';
import { backupWarning } from '../components/backup-status.js';

export const meta = { name: 'meetings', inside: true, section: 'meetings' };

export async function render(root, ctx, params = {}) {
  const error = errorBox();
  const page = h('section', { class: 'page' }, h('h1', { text: t('meetings.title') }), backupWarning(ctx), error);
  root.append(page);
  const [unfinished, templates, groups, sessions] = await Promise.all([
    call('meeting_unfinished'), call('template_list'), call('group_list'), call('session_list', { limit: 100 }),
  ]);
  if (unfinished !== null) page.append(resumeCard(ctx, error));
  page.append(startCard(ctx, templates, groups, params.groupId ?? null, error),
    h('nav', { class: 'card actions', 'aria-label': t('meetings.manage') },
      h('button', { type: 'button', id: 'manage-groups', text: t('meetings.groups'), onclick: () => ctx.go('groups') }),
      h('button', { type: 'button', id: 'manage-templates', text: t('meetings.templates'),
        onclick: () => ctx.go('templates') }),
      h('button', { type: 'button', id: 'crisis-edit', text: t('meetings.crisisEdit'),
        onclick: () => ctx.go('crisisEdit') })),
    h('div', { class: 'card' }, h('h2', { text: t('meetings.history') }), sessionList(ctx, sessions)));
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

function startCard(ctx, templates, groups, groupId, error) {
  const groupSelect = h('select', { id: 'group' },
    h('option', { value: '', text: t('meetings.noGroup') }),
    groups.map((g) => h('option', { value: g.id, text: g.name, selected: g.id === groupId })));
  const select = templateSelect({ id: 'template', templates });
  const plan = h('p', { id: 'plan', class: 'help' });
  const chosenGroup = () => groups.find((g) => String(g.id) === groupSelect.value) ?? null;
  // The core fits a group's meeting to its usual length; ask it.
  const showPlan = async () => {
    try {
      const n = await call('meeting_plan', { groupId: chosenGroup()?.id ?? null, templateKey: select.value });
      plan.textContent = t('meetings.plan', { n });
    } catch (e) { showError(error, e.message); }
  };
  // Choosing a group chooses its usual template (when it still exists).
  const useGroupTemplate = () => {
    const g = chosenGroup();
    if (g && templates.some((x) => x.key === g.default_template)) select.value = g.default_template;
    showPlan();
  };
  groupSelect.addEventListener('change', useGroupTemplate);
  select.addEventListener('change', showPlan);
  useGroupTemplate();

  const form = h('form', { class: 'card', novalidate: true },
    h('h2', { text: t('meetings.start') }),
    h('div', { class: 'two' },
      h('div', { class: 'field' }, h('label', { for: 'group', text: t('meetings.group') }), groupSelect),
      h('div', { class: 'field' }, h('label', { for: 'template', text: t('meetings.template') }), select)),
    plan,
    h('button', { type: 'submit', id: 'start-meeting', class: 'primary', text: t('meetings.startButton') }));
  onSubmit(form, {
    error,
    action: async () => {
      const live = await call('meeting_start', { groupId: chosenGroup()?.id ?? null, templateKey: select.value });
      ctx.go('live', { live });
    },
  });
  return form;
}
