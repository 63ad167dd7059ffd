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
  const loaded = id ? await call('reflection_get', { id }) : { title: '', body: '' };
  const heading = h('h1', { text: t(id ? 'editor.editTitle' : 'editor.newTitle') });
  const title = field({ id: 'title', label: t('editor.titleLabel'), attrs: { maxlength: ctx.info.limits.title_chars } });
  const body = field({ id: 'body', label: t('editor.bodyLabel'), type: 'textarea', help: t('editor.bodyHelp'),
    attrs: { rows: 10, autofocus: true } });
  const error = errorBox();
  const status = h('p', { id: 'save-status', class: 'status', role: 'status' });
  const save = h('button', { type: 'submit', id: 'save', class: 'primary', text: t('editor.save') });
  const remove = h('button', { type: 'button', id: 'delete', class: 'danger', text: t('editor.delete'),
    hidden: !id, onclick: () => confirmDelete() });
  const back = h('button', { type: 'button', id: 'back', class: 'link', text: t('editor.back'),
    onclick: () => ctx.go('reflections') });

  const form = h('form', { class: 'card editor', novalidate: true },
    heading, title.row, body.row, error, status,
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
