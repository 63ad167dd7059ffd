// Settings' handover card: your handover key (age1…) and its words to
// compare face to face, the name handovers say they are from, and the
// co-facilitators a meeting can be handed over to.
import { call, userMessage } from '../lib/ipc.js';
import { t } from '../lib/i18n.js';
import { errorBox, field, h, showError } from '../lib/dom.js';
import { onSubmit } from '../lib/forms.js';

export async function sealedCard() {
  const s = await call('sealed_settings');
  const card = h('div', { class: 'card', id: 'handover-settings' });
  const redraw = async (focusId) => {
    const fresh = await sealedCard();
    card.replaceWith(fresh);
    fresh.querySelector(`#${focusId}`)?.focus();
  };

  const key = h('input', { id: 'own-handover-key', class: 'mono', readonly: true, value: s.keys.handover.recipient,
    'aria-describedby': 'own-handover-words' });
  const name = field({ id: 'handover-name', label: t('handover.ownName'), help: t('handover.ownNameHelp') });
  name.input.value = s.own_name;
  const nameStatus = h('p', { id: 'handover-name-status', class: 'status', role: 'status' });
  const nameError = errorBox('handover-name-error');
  const nameForm = h('form', { novalidate: true }, name.row, nameError, nameStatus,
    h('button', { type: 'submit', id: 'handover-name-save', text: t('handover.saveName') }));
  onSubmit(nameForm, { error: nameError, action: async () => {
    await call('handover_name_set', { name: name.input.value });
    nameStatus.textContent = t('handover.nameSaved');
  } });

  const people = h('ul', { id: 'cofacilitators', class: 'people-list' }, s.cofacilitators.map((p) => h('li', {},
    h('strong', { text: p.name }), h('p', { class: 'muted words', text: p.words }),
    h('button', { type: 'button', class: 'link', id: `remove-cofacilitator-${p.id}`,
      'aria-label': t('handover.removeNamed', { name: p.name }), text: t('handover.remove'),
      onclick: async () => {
        try {
          await call('cofacilitator_remove', { id: p.id });
          await redraw('cofacilitator-name');
        } catch (e) { showError(addError, userMessage(e)); }
      } }))));
  const personName = field({ id: 'cofacilitator-name', label: t('handover.personName') });
  const personKey = field({ id: 'cofacilitator-key', label: t('handover.personKey'), help: t('handover.personKeyHelp'),
    attrs: { class: 'mono', spellcheck: 'false', autocomplete: 'off' } });
  const addError = errorBox('cofacilitator-error');
  const addForm = h('form', { class: 'import-area', novalidate: true }, h('h3', { text: t('handover.add') }),
    personName.row, personKey.row, addError,
    h('button', { type: 'submit', id: 'cofacilitator-add', text: t('handover.addButton') }));
  onSubmit(addForm, { error: addError, action: async () => {
    await call('cofacilitator_add', { name: personName.input.value, recipient: personKey.input.value });
    await redraw('cofacilitator-name');
  } });

  card.append(h('h2', { text: t('handover.settingsTitle') }),
    h('p', { class: 'help', text: t('handover.settingsHelp') }),
    h('div', { class: 'field' }, h('label', { for: 'own-handover-key', text: t('handover.ownKey') }), key),
    h('p', { id: 'own-handover-words' }, `${t('handover.words')}${t('handover.colon')}`, h('span', { class: 'words', text: s.keys.handover.words })),
    nameForm,
    h('h3', { text: t('handover.people') }),
    s.cofacilitators.length ? people : h('p', { class: 'muted', text: t('handover.noPeople') }),
    addForm);
  return card;
}
