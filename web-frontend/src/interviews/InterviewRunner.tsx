// Placeholder: replaced by the real page.
export default function InterviewRunner() {
  return <h1>InterviewRunner</h1>;
}
