using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using MokoCrm.Web.Platform.Data;

namespace MokoCrm.Web.Platform.Links;

public enum LinkDirection
{
    /// <summary>The record is the link's source: it came first (the order of an invoice) or acts on it (the payment of an invoice).</summary>
    Upstream,

    /// <summary>The record is the link's target: it was made from the one it was reached from (the invoice of an order).</summary>
    Downstream,
}

/// <param name="Depth">1 for a direct link, 2 for a link of a linked record, and so on (the shortest way).</param>
/// <param name="Via">The record it was reached from (the root for direct links).</param>
/// <param name="Kind">Kind of the link between <paramref name="Via"/> and this record.</param>
public sealed record LinkedRecord(RecordRef Record, int Depth, RecordRef Via, string Kind, LinkDirection Direction, string TypeLabel, RecordSummary Summary);

public sealed record LinkChain(RecordRef Root, IReadOnlyList<LinkedRecord> Records)
{
    public IEnumerable<LinkedRecord> Direct => Records.Where(r => r.Depth == 1);
}

/// <summary>Reads links for the Linked objects tab.</summary>
public interface ILinkQueries
{
    public const int MaxDepth = 6;

    /// <summary>
    /// The records around <paramref name="record"/>: direct links and, transitively in both directions, their links up
    /// to <paramref name="maxDepth"/> steps away; each record once, at its shortest depth; records the user may not
    /// read and records that no longer exist are left out. Ordered by depth, type and date.
    /// </summary>
    Task<LinkChain> ChainAsync(RecordRef record, int maxDepth = 3, CancellationToken cancellationToken = default);

    /// <summary>
    /// The records of <see cref="ChainAsync"/> that the user may read, without describing them: what a tab bar needs
    /// to count linked records and their files on every card view, without the describers' queries.
    /// </summary>
    Task<IReadOnlyList<RecordRef>> ReachableAsync(RecordRef record, int maxDepth = 3, CancellationToken cancellationToken = default);
}

internal sealed class LinkQueries(AppDbContext db, IEnumerable<IRecordDescriber> describers, IRecordAccess access) : ILinkQueries
{
    /// <summary>A hub (a payment of 200 invoices) must not turn a card into a report: the walk stops after this many steps.</summary>
    internal const int MaxRows = 1000;

    // One recursive statement walks both directions: the first lateral branch follows links out of the current record
    // (downstream), the second follows links into it (upstream), each through its own index. "seen" holds the path
    // walked so far, so a cycle (A→B→C→A) never loops; the LIMIT stops PostgreSQL producing walk rows, since it
    // evaluates a recursive CTE only as far as the outer query reads it.
    private const string ChainSql = """
        WITH RECURSIVE walk (type, id, depth, kind, via_type, via_id, downstream, seen) AS (
            SELECT @type::text, @id::bigint, 0, NULL::text, NULL::text, NULL::bigint, false, ARRAY[@type || ':' || @id]::text[]
          UNION ALL
            SELECT n.type, n.id, w.depth + 1, n.kind, w.type, w.id, n.downstream, w.seen || (n.type || ':' || n.id)
            FROM walk w
            CROSS JOIN LATERAL (
                SELECT l.target_type::text AS type, l.target_id AS id, l.kind::text AS kind, true AS downstream
                FROM platform.record_links l WHERE l.source_type = w.type AND l.source_id = w.id
              UNION ALL
                SELECT l.source_type::text, l.source_id, l.kind::text, false
                FROM platform.record_links l WHERE l.target_type = w.type AND l.target_id = w.id
            ) n
            WHERE w.depth < @maxDepth AND NOT ((n.type || ':' || n.id) = ANY (w.seen))
        )
        SELECT DISTINCT ON (type, id) type, id, depth, kind, via_type, via_id, downstream
        FROM (SELECT * FROM walk WHERE depth > 0 LIMIT @maxRows) bounded
        ORDER BY type, id, depth, via_type, via_id
        """;

    private readonly Dictionary<string, IRecordDescriber> _describers = Index(describers);

    public async Task<LinkChain> ChainAsync(RecordRef record, int maxDepth = 3, CancellationToken cancellationToken = default)
    {
        var rows = await ReadableRowsAsync(record, maxDepth, cancellationToken);

        var linked = new List<LinkedRecord>(rows.Count);
        foreach (var group in rows.GroupBy(r => r.Record.Type))
        {
            var visible = group.ToList();

            var (typeLabel, summaries) = await DescribeAsync(group.Key, visible.Select(r => r.Record.Id).ToList(), cancellationToken);
            foreach (var row in visible)
            {
                if (summaries.TryGetValue(row.Record.Id, out var summary))
                {
                    linked.Add(new LinkedRecord(row.Record, row.Depth, row.Via, row.Kind, row.Direction, typeLabel, summary));
                }
            }
        }

        var ordered = linked
            .OrderBy(l => l.Depth).ThenBy(l => l.TypeLabel, StringComparer.CurrentCulture).ThenBy(l => l.Summary.Date).ThenBy(l => l.Record.Id)
            .ToList();
        return new LinkChain(record, ordered);
    }

    public async Task<IReadOnlyList<RecordRef>> ReachableAsync(RecordRef record, int maxDepth = 3, CancellationToken cancellationToken = default) =>
        (await ReadableRowsAsync(record, maxDepth, cancellationToken)).Select(r => r.Record).ToList();

    private async Task<List<WalkRow>> ReadableRowsAsync(RecordRef record, int maxDepth, CancellationToken cancellationToken)
    {
        var rows = await WalkAsync(record, Math.Clamp(maxDepth, 1, ILinkQueries.MaxDepth), cancellationToken);
        var readable = new List<WalkRow>(rows.Count);
        foreach (var group in rows.GroupBy(r => r.Record.Type))
        {
            var ids = await access.ReadableAsync(group.Key, group.Select(r => r.Record.Id).ToList(), cancellationToken);
            readable.AddRange(group.Where(r => ids.Contains(r.Record.Id)));
        }

        return readable;
    }

    /// <summary>One call per type with every id of that type: the describer runs one query, whatever the chain's size.</summary>
    private async Task<(string TypeLabel, Dictionary<long, RecordSummary> Summaries)> DescribeAsync(string type, List<long> ids, CancellationToken cancellationToken)
    {
        if (!_describers.TryGetValue(type, out var describer))
        {
            // A module without a describer yet still shows its links, plainly, rather than hiding them.
            return (type, ids.ToDictionary(id => id, id => new RecordSummary(type, id, $"{type} #{id}", null, null, null, null)));
        }

        var summaries = await describer.DescribeAsync(ids, cancellationToken);
        return (describer.TypeLabel, summaries.Where(s => s.RecordType == type).ToDictionary(s => s.Id));
    }

    private async Task<List<WalkRow>> WalkAsync(RecordRef record, int maxDepth, CancellationToken cancellationToken)
    {
        // Plain ADO.NET on the context's own connection and transaction: the rows are not entities, and a chain read
        // inside a business action sees that action's uncommitted links.
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = ChainSql;
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            Add(command, "type", record.Type);
            Add(command, "id", record.Id);
            Add(command, "maxDepth", maxDepth);
            Add(command, "maxRows", MaxRows);

            var rows = new List<WalkRow>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(new WalkRow(
                    new RecordRef(reader.GetString(0), reader.GetInt64(1)),
                    reader.GetInt32(2),
                    reader.GetString(3),
                    new RecordRef(reader.GetString(4), reader.GetInt64(5)),
                    reader.GetBoolean(6) ? LinkDirection.Downstream : LinkDirection.Upstream));
            }

            return rows;
        }
        finally
        {
            if (opened)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static Dictionary<string, IRecordDescriber> Index(IEnumerable<IRecordDescriber> describers)
    {
        var index = new Dictionary<string, IRecordDescriber>(StringComparer.Ordinal);
        foreach (var describer in describers)
        {
            if (!index.TryAdd(describer.RecordType, describer))
            {
                throw new InvalidOperationException($"Two record describers are registered for '{describer.RecordType}'.");
            }
        }

        return index;
    }

    private sealed record WalkRow(RecordRef Record, int Depth, string Kind, RecordRef Via, LinkDirection Direction);
}
