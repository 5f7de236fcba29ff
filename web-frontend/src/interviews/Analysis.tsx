// Placeholder: replaced by the real page.
export default function Analysis() {
  return <h1>Analysis</h1>;
}
