export function NotYet({ title, what }: { title: string; what: string }) {
  return (
    <section className="screen">
      <header className="screen-header"><h1>{title}</h1></header>
      <div className="not-yet">
        <p><strong>Màn hình này chưa được xây dựng.</strong></p>
        <p>{what}</p>
      </div>
    </section>
  );
}
