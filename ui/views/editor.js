// Write a new reflection or edit one; delete with a confirmation.
import { call } from '../lib/ipc.js';
import { t } from '../lib/i18n.js';
import { errorBox, field, h, showError } from '../lib/dom.js';
import { onSubmit } from '../lib/forms.js';

export const meta = { name: 'editor', inside: true, section: 'reflections' };

export async function render(root, ctx, params = {}) {
  let id = params.id ?? null;
  // Load first: a form left blank by a failed load could overwrite the
  // reflection when saved. A failure goes to the app's error panel.
  const [loaded, prompts] = await Promise.all([
    id ? call('reflection_get', { id }) : { title: '', body: '' }, call('reflection_prompts')]);
  const heading = h('h1', { text: t(id ? 'editor.editTitle' : 'editor.newTitle') });
  const title = field({ id: 'title', label: t('editor.titleLabel'), attrs: { maxlength: ctx.info.limits.title_chars } });
  const body = field({ id: 'body', label: t('editor.bodyLabel'), type: 'textarea', help: t('editor.bodyHelp'),
    attrs: { rows: 10, autofocus: true } });
  // An optional question to write from; its text is shown under the choice.
  const prompt = h('select', { id: 'prompt', 'aria-describedby': 'prompt-text' },
    h('option', { value: '', text: t('editor.noPrompt') }),
    prompts.map((p) => h('option', { value: p.key, text: p.text })));
  const promptText = h('p', { id: 'prompt-text', class: 'help prompt-text' });
  const showPrompt = () => { promptText.textContent = prompts.find((p) => p.key === prompt.value)?.text ?? ''; };
  prompt.addEventListener('change', showPrompt);
  prompt.addEventListener('input', showPrompt);
  if (params.prompt) prompt.value = params.prompt;
  if (loaded.prompt) prompt.value = loaded.prompt;
  showPrompt();
  const supervision = h('input', { type: 'checkbox', id: 'reflection-supervision', checked: !!loaded.supervision });
  const error = errorBox();
  const status = h('p', { id: 'save-status', class: 'status', role: 'status' });
  const save = h('button', { type: 'submit', id: 'save', class: 'primary', text: t('editor.save') });
  const remove = h('button', { type: 'button', id: 'delete', class: 'danger', text: t('editor.delete'),
    hidden: !id, onclick: () => confirmDelete() });
  const back = h('button', { type: 'button', id: 'back', class: 'link', text: t('editor.back'),
    onclick: () => ctx.go('reflections') });

  const form = h('form', { class: 'card editor', novalidate: true },
    heading,
    h('div', { class: 'field' }, h('label', { for: 'prompt', text: t('editor.prompt') }), prompt, promptText),
    title.row, body.row,
    h('div', { class: 'check' }, supervision, h('label', { for: 'reflection-supervision', text: t('editor.supervision') })),
    error, status,
    h('div', { class: 'actions' }, save, remove, back));

  const dialog = h('dialog', { id: 'confirm-delete' },
    h('p', { text: t('editor.confirmDelete') }),
    h('form', { method: 'dialog', class: 'actions' },
      h('button', { value: 'cancel', id: 'cancel-delete', autofocus: true, text: t('editor.cancel') }),
      h('button', { value: 'delete', id: 'confirm-delete-yes', class: 'danger', text: t('editor.confirmYes') })));

  const changes = ctx.trackChanges(form);
  onSubmit(form, {
    error,
    action: async () => {
      status.textContent = '';
      const saved = await (id
        ? call('reflection_update', { id, title: title.input.value, body: body.input.value })
        : call('reflection_add', { title: title.input.value, body: body.input.value }));
      id = saved.id;
      await call('reflection_set_flags', { id, prompt: prompt.value || null, supervision: supervision.checked });
      changes.saved();
      heading.textContent = t('editor.editTitle');
      remove.hidden = false;
      status.textContent = t('editor.saved');
    },
  });

  function confirmDelete() {
    dialog.returnValue = '';
    dialog.showModal();
  }
  dialog.addEventListener('close', async () => {
    if (dialog.returnValue !== 'delete') return;
    try {
      await call('reflection_delete', { id });
      changes.saved();
      ctx.go('reflections');
    } catch (e) {
      showError(error, e.message);
    }
  });

  title.input.value = loaded.title;
  body.input.value = loaded.body;
  root.append(h('section', { class: 'page' }, form, dialog));
}
