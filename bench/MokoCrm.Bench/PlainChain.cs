using Npgsql;

namespace MokoCrm.Bench;

/// <summary>
/// The hand-written SQL side of the chain benches (shipping, billing, purchasing): the tables one would write a chain
/// into, one pooled connection and transaction per step as the app has, and the steps every chain repeats (a document
/// converted into the next one, a document validated, a payment with its bank entry).
/// </summary>
internal static class PlainChain
{
    /// <summary>
    /// The chain tables in <paramref name="schema"/>: documents, lines (ordered, shipped, received, invoiced), links,
    /// audit, timeline events, outbox, stock levels and movements, product costs, entries and their lines, payments and
    /// shares; a number counter per prefix; products 0 to 3 with a large stock in warehouse 1.
    /// </summary>
    public static string Schema(string schema, params string[] prefixes) => $"""
        CREATE SCHEMA {schema};
        CREATE TABLE {schema}.counter (prefix text PRIMARY KEY, value bigint NOT NULL);
        INSERT INTO {schema}.counter VALUES {string.Join(", ", prefixes.Select(p => $"('{p}', 0)"))};
        CREATE TABLE {schema}.documents (id bigserial PRIMARY KEY, kind text NOT NULL, number text UNIQUE, third_party_id bigint NOT NULL, date date NOT NULL,
            status text NOT NULL, total_excl numeric(18,2) NOT NULL DEFAULT 0, total_vat numeric(18,2) NOT NULL DEFAULT 0, total_incl numeric(18,2) NOT NULL DEFAULT 0,
            settled numeric(18,2) NOT NULL DEFAULT 0, billed boolean NOT NULL DEFAULT false, created_at timestamptz NOT NULL DEFAULT now(), validated_at timestamptz);
        CREATE TABLE {schema}.lines (id bigserial PRIMARY KEY, document_id bigint NOT NULL REFERENCES {schema}.documents, position int NOT NULL, product_id bigint,
            description text NOT NULL, quantity numeric(18,5) NOT NULL, unit_price numeric(18,5) NOT NULL, vat_rate numeric(6,3) NOT NULL, total_excl numeric(18,2) NOT NULL,
            total_vat numeric(18,2) NOT NULL, total_incl numeric(18,2) NOT NULL, shipped numeric(18,5) NOT NULL DEFAULT 0, received numeric(18,5) NOT NULL DEFAULT 0,
            invoiced numeric(18,5) NOT NULL DEFAULT 0, warehouse_id bigint);
        CREATE INDEX ON {schema}.lines (document_id, position);
        CREATE TABLE {schema}.links (source_id bigint NOT NULL, target_id bigint NOT NULL, kind text NOT NULL, PRIMARY KEY (source_id, target_id));
        CREATE TABLE {schema}.audit (id bigserial PRIMARY KEY, record_id bigint NOT NULL, action text NOT NULL, changes jsonb NOT NULL, at timestamptz NOT NULL DEFAULT now());
        CREATE TABLE {schema}.events (id bigserial PRIMARY KEY, record_id bigint NOT NULL, title text NOT NULL, at timestamptz NOT NULL DEFAULT now());
        CREATE TABLE {schema}.outbox (id bigserial PRIMARY KEY, type text NOT NULL, payload jsonb NOT NULL);
        CREATE TABLE {schema}.levels (product_id bigint NOT NULL, warehouse_id bigint NOT NULL, quantity numeric(18,5) NOT NULL, PRIMARY KEY (product_id, warehouse_id));
        CREATE TABLE {schema}.costs (product_id bigint PRIMARY KEY, quantity numeric(18,5) NOT NULL, average numeric(18,5) NOT NULL);
        CREATE TABLE {schema}.movements (id bigserial PRIMARY KEY, product_id bigint NOT NULL, warehouse_id bigint NOT NULL, quantity numeric(18,5) NOT NULL,
            unit_price numeric(18,5) NOT NULL, origin_id bigint NOT NULL, at timestamptz NOT NULL DEFAULT now());
        CREATE TABLE {schema}.entries (id bigserial PRIMARY KEY, journal text NOT NULL, date date NOT NULL, source_id bigint NOT NULL, label text NOT NULL);
        CREATE TABLE {schema}.entry_lines (id bigserial PRIMARY KEY, entry_id bigint NOT NULL REFERENCES {schema}.entries, account text NOT NULL,
            debit numeric(18,2) NOT NULL, credit numeric(18,2) NOT NULL);
        CREATE TABLE {schema}.payments (id bigserial PRIMARY KEY, number text UNIQUE NOT NULL, third_party_id bigint NOT NULL, date date NOT NULL, amount numeric(18,2) NOT NULL);
        CREATE TABLE {schema}.shares (payment_id bigint NOT NULL, invoice_id bigint NOT NULL, amount numeric(18,2) NOT NULL, PRIMARY KEY (payment_id, invoice_id));
        INSERT INTO {schema}.levels SELECT p, 1, 100000000 FROM generate_series(0, 3) AS p;
        INSERT INTO {schema}.costs SELECT p, 100000000, 3 FROM generate_series(0, 3) AS p;
        """;

    /// <summary>One step: a pooled connection, a transaction, the work, commit.</summary>
    public static async Task<long> TxAsync(NpgsqlDataSource dataSource, Func<NpgsqlConnection, NpgsqlTransaction, Task<long>> work)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var result = await work(connection, tx);
        await tx.CommitAsync();
        return result;
    }

    /// <summary>One statement with positional parameters ($1, $2 ...); its first column of the first row.</summary>
    public static async Task<object?> SqlAsync(NpgsqlConnection c, NpgsqlTransaction? t, string sql, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, c, t);
        foreach (var v in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = v });
        }

        return await command.ExecuteScalarAsync();
    }

    /// <summary>A draft of <paramref name="kind"/> from a document: header, lines (into warehouse 1), the link, an audit row.</summary>
    public static async Task<long> ConvertAsync(NpgsqlConnection c, NpgsqlTransaction t, string schema, long from, string kind)
    {
        var o = (long)(await SqlAsync(c, t, $"""
            INSERT INTO {schema}.documents (kind, third_party_id, date, status, total_excl, total_vat, total_incl)
            SELECT $2, third_party_id, date, 'Draft', total_excl, total_vat, total_incl FROM {schema}.documents WHERE id = $1 RETURNING id
            """, from, kind))!;
        await SqlAsync(c, t, $"""
            INSERT INTO {schema}.lines (document_id, position, product_id, description, quantity, unit_price, vat_rate, total_excl, total_vat, total_incl, warehouse_id)
            SELECT $2, position, product_id, description, quantity, unit_price, vat_rate, total_excl, total_vat, total_incl, 1 FROM {schema}.lines WHERE document_id = $1
            """, from, o);
        await SqlAsync(c, t, $"INSERT INTO {schema}.links (source_id, target_id, kind) VALUES ($1, $2, 'converted')", from, o);
        await SqlAsync(c, t, $"INSERT INTO {schema}.audit (record_id, action, changes) VALUES ($1, 'created', '[]')", o);
        return o;
    }

    /// <summary>Validation: the next number of the prefix, status, an audit row, a timeline event, an outbox PDF job.</summary>
    public static async Task<long> ValidateAsync(NpgsqlConnection c, NpgsqlTransaction t, string schema, long document, string prefix)
    {
        var n = (long)(await SqlAsync(c, t, $"UPDATE {schema}.counter SET value = value + 1 WHERE prefix = $1 RETURNING value", prefix))!;
        await SqlAsync(c, t, $"UPDATE {schema}.documents SET number = $2, status = 'Validated', validated_at = now() WHERE id = $1", document, $"{prefix}-{n:D6}");
        await SqlAsync(c, t, $"INSERT INTO {schema}.audit (record_id, action, changes) VALUES ($1, 'validated', '[]')", document);
        await SqlAsync(c, t, $"INSERT INTO {schema}.events (record_id, title) VALUES ($1, 'validated')", document);
        await SqlAsync(c, t, $"INSERT INTO {schema}.outbox (type, payload) VALUES ('pdf', jsonb_build_object('id', $1::bigint))", document);
        return n;
    }

    /// <summary>
    /// A payment of a validated invoice in full: the invoice locked, a PAY number, the payment and its share, the
    /// invoice paid, the bank entry (<paramref name="debit"/> / <paramref name="credit"/>), an audit row, a timeline event.
    /// </summary>
    public static async Task<long> PayAsync(NpgsqlConnection c, NpgsqlTransaction t, string schema, long thirdParty, long invoice, DateOnly date, string debit, string credit)
    {
        var total = (decimal)(await SqlAsync(c, t, $"SELECT total_incl FROM {schema}.documents WHERE third_party_id = $1 AND id = $2 AND status = 'Validated' FOR UPDATE", thirdParty, invoice))!;
        var n = (long)(await SqlAsync(c, t, $"UPDATE {schema}.counter SET value = value + 1 WHERE prefix = 'PAY' RETURNING value"))!;
        var payment = (long)(await SqlAsync(c, t, $"INSERT INTO {schema}.payments (number, third_party_id, date, amount) VALUES ($1, $2, $3, $4) RETURNING id", $"PAY-{n:D6}", thirdParty, date, total))!;
        await SqlAsync(c, t, $"INSERT INTO {schema}.shares (payment_id, invoice_id, amount) VALUES ($1, $2, $3)", payment, invoice, total);
        await SqlAsync(c, t, $"UPDATE {schema}.documents SET settled = settled + $2, status = 'Paid' WHERE id = $1", invoice, total);
        var entry = (long)(await SqlAsync(c, t, $"INSERT INTO {schema}.entries (journal, date, source_id, label) VALUES ('BQ', $2, $1, 'Payment') RETURNING id", payment, date))!;
        await SqlAsync(c, t, $"INSERT INTO {schema}.entry_lines (entry_id, account, debit, credit) VALUES ($1, $3, $2, 0), ($1, $4, 0, $2)", entry, total, debit, credit);
        await SqlAsync(c, t, $"INSERT INTO {schema}.audit (record_id, action, changes) VALUES ($1, 'created', '[]')", payment);
        await SqlAsync(c, t, $"INSERT INTO {schema}.events (record_id, title) VALUES ($1, 'payment')", payment);
        return payment;
    }
}
