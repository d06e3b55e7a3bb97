// The import page without this script takes a pasted knowledge base; with it, a
// chosen file fills the same box, so the same form (and the same checks) import it.
const field = document.getElementById('faq-file-field');
const input = document.getElementById('faq-file');
const box = document.getElementById('faq-kb');
if (field && input instanceof HTMLInputElement && box instanceof HTMLTextAreaElement) {
  field.hidden = false;
  input.addEventListener('change', async () => {
    const file = input.files && input.files[0];
    if (!file) return;
    box.value = await file.text();
    box.focus();
  });
}
