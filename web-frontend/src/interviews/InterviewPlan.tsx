// Placeholder: replaced by the real page.
export default function InterviewPlan() {
  return <h1>InterviewPlan</h1>;
}
