import { formatCount } from '../format';
import type { ExportReport, NamedCount } from '../queries';

/** The quality report of an export: what was read, written and skipped, and what curation changed. */
export function ExportReportView({ report, title }: { report: ExportReport; title: string }) {
  const lengths = report.tokenLengths;
  return (
    <section class="panel report" aria-label={title}>
      <h2>{title}</h2>
      <dl class="report-totals">
        <Item label="Rows read" value={report.rowsRead} />
        <Item label="Rows written" value={report.rowsWritten} />
        {report.trainRows != null ? <Item label="Train" value={report.trainRows} /> : null}
        {report.validationRows != null ? <Item label="Validation" value={report.validationRows} /> : null}
        <Item label="Duplicates removed" value={report.duplicatesRemoved} />
        <Item label="Redactions" value={report.redactions.reduce((sum, r) => sum + r.count, 0)} />
      </dl>
      <div class="report-lists">
        <Counts title="Skipped by reason" counts={report.skipped} />
        <Counts title="Redactions by type" counts={report.redactions} />
        <Counts title="Rows per model" counts={report.rowsPerModel} />
        <Counts title="Rows per tag" counts={report.rowsPerTag} />
        <div>
          <h3>Estimated tokens</h3>
          {lengths.count === 0 ? (
            <p class="muted">No rows.</p>
          ) : (
            <>
              <p>
                min {formatCount(lengths.min)} · mean {formatCount(Math.round(lengths.mean))} · max {formatCount(lengths.max)}
              </p>
              <table class="grid compact">
                <tbody>
                  {lengths.buckets
                    .filter((bucket) => bucket.count > 0)
                    .map((bucket) => (
                      <tr key={bucket.upperTokens ?? 'rest'}>
                        <th scope="row">{bucket.upperTokens == null ? 'more' : `≤ ${formatCount(bucket.upperTokens)}`}</th>
                        <td class="num">{formatCount(bucket.count)}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </>
          )}
        </div>
      </div>
    </section>
  );
}

function Item({ label, value }: { label: string; value: number }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{formatCount(value)}</dd>
    </div>
  );
}

function Counts({ title, counts }: { title: string; counts: NamedCount[] }) {
  return (
    <div>
      <h3>{title}</h3>
      {counts.length === 0 ? (
        <p class="muted">None.</p>
      ) : (
        <table class="grid compact">
          <tbody>
            {counts.map((count) => (
              <tr key={count.name}>
                <th scope="row">{count.name}</th>
                <td class="num">{formatCount(count.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
