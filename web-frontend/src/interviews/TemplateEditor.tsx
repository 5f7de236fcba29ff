// Placeholder: replaced by the real page.
export default function TemplateEditor() {
  return <h1>TemplateEditor</h1>;
}
