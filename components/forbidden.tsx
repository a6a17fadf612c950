export function Forbidden() {
  return (
    <div
      role="alert"
      className="rounded-lg border border-amber-300 bg-amber-50 p-6 dark:border-amber-800 dark:bg-amber-950"
    >
      <h1 className="text-lg font-semibold">Not available to your role</h1>
      <p className="mt-1 text-sm">Ask an administrator if you need access to this page.</p>
    </div>
  );
}
