// Placeholder: replaced by the real page.
export default function Templates() {
  return <h1>Templates</h1>;
}
