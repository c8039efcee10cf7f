using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Web.Modules.Crm.Features;
using MokoCrm.Web.Modules.Sales.Features;
using MokoCrm.Web.Platform.Domain;
using Npgsql;

namespace MokoCrm.Bench;

/// <summary>
/// The sales chain as the screens run it, one transaction per user action: draft proposal, 3 lines, validate (number,
/// event, outbox PDF job), sign, create order (lines copied, note, link), validate the order. Against the same rows
/// written by hand-written SQL in as many transactions, in the same run.
/// </summary>
internal static class SalesBench
{
    private const string Schema = """
        CREATE SCHEMA bench_sales;
        CREATE TABLE bench_sales.counter (prefix text PRIMARY KEY, value bigint NOT NULL);
        INSERT INTO bench_sales.counter VALUES ('PR', 0), ('SO', 0);
        CREATE TABLE bench_sales.documents (id bigserial PRIMARY KEY, kind text NOT NULL, number text UNIQUE, third_party_id bigint NOT NULL, date date NOT NULL,
            status text NOT NULL, total_excl numeric(18,2) NOT NULL DEFAULT 0, total_vat numeric(18,2) NOT NULL DEFAULT 0, total_incl numeric(18,2) NOT NULL DEFAULT 0,
            created_at timestamptz NOT NULL DEFAULT now(), validated_at timestamptz);
        CREATE TABLE bench_sales.lines (id bigserial PRIMARY KEY, document_id bigint NOT NULL REFERENCES bench_sales.documents, position int NOT NULL, description text NOT NULL,
            quantity numeric(18,5) NOT NULL, unit_price numeric(18,5) NOT NULL, vat_rate numeric(6,3) NOT NULL, total_excl numeric(18,2) NOT NULL,
            total_vat numeric(18,2) NOT NULL, total_incl numeric(18,2) NOT NULL);
        CREATE INDEX ON bench_sales.lines (document_id, position);
        CREATE TABLE bench_sales.links (source_id bigint NOT NULL, target_id bigint NOT NULL, kind text NOT NULL, PRIMARY KEY (source_id, target_id));
        CREATE TABLE bench_sales.audit (id bigserial PRIMARY KEY, record_id bigint NOT NULL, action text NOT NULL, changes jsonb NOT NULL, at timestamptz NOT NULL DEFAULT now());
        CREATE TABLE bench_sales.events (id bigserial PRIMARY KEY, record_id bigint NOT NULL, title text NOT NULL, at timestamptz NOT NULL DEFAULT now());
        CREATE TABLE bench_sales.outbox (id bigserial PRIMARY KEY, type text NOT NULL, payload jsonb NOT NULL);
        """;

    public static async Task<string> RunAsync(WebApplication app, string connectionString, TimeSpan duration)
    {
        await Sql.ExecuteAsync(connectionString, Schema);
        long customer;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            customer = await scope.ServiceProvider.GetRequiredService<ThirdPartyAdministration>()
                .CreateAsync(new ThirdPartyForm { Name = "Bench Customer", IsCustomer = true, CountryCode = "FR" });
        }

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Sales chains per second (proposal + 3 lines + validate + sign + order + validate order = 8 transactions), {duration.TotalSeconds:0.#} s per cell after as long a warm-up, {Environment.ProcessorCount} cores");
        report.AppendLine();
        report.AppendLine("| parallel | app use cases /s | plain SQL /s | ratio |");
        report.AppendLine("|---:|---:|---:|---:|");
        Console.WriteLine(report);

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        foreach (var parallel in new[] { 1, 4 })
        {
            var real = await Measure.RunAsync(parallel, duration, _ => () => ChainAsync(app, customer, today));
            var plain = await Measure.RunAsync(parallel, duration, _ => () => PlainChainAsync(dataSource, customer, today));
            var line = string.Create(CultureInfo.InvariantCulture, $"| {parallel} | {real.PerSecond:0.0} | {plain.PerSecond:0.0} | {real.PerSecond / plain.PerSecond:0.00} |");
            report.AppendLine(line);
            Console.WriteLine(line);
        }

        return report.ToString();
    }

    /// <summary>What the screens do, each step in its own scope as a request has.</summary>
    private static async Task ChainAsync(WebApplication app, long customer, DateOnly today)
    {
        async Task<T> InScope<T>(Func<IServiceProvider, Task<T>> step)
        {
            await using var scope = app.Services.CreateAsyncScope();
            return await step(scope.ServiceProvider);
        }

        var id = await InScope(s => s.GetRequiredService<ProposalAdministration>().CreateAsync(new ProposalForm { ThirdPartyId = customer, Date = today, PublicNote = "Bench" }));
        for (var i = 1; i <= 3; i++)
        {
            var quantity = i;
            await InScope(s => s.GetRequiredService<ProposalAdministration>().AddLineAsync(id,
                new LineForm { Kind = LineKind.Free, Description = $"Item {quantity}", Quantity = quantity, UnitPrice = 6.36m, VatRate = 20m }));
        }

        await InScope(s => s.GetRequiredService<ProposalAdministration>().ValidateAsync(id));
        await InScope(async s => { await s.GetRequiredService<ProposalAdministration>().SignAsync(id, null); return 0; });
        var order = await InScope(s => s.GetRequiredService<OrderAdministration>().CreateFromProposalAsync(id));
        await InScope(s => s.GetRequiredService<OrderAdministration>().ValidateAsync(order));
    }

    /// <summary>The same rows by hand: documents, lines, totals, counters, audit rows, timeline events, outbox jobs, the link.</summary>
    private static async Task PlainChainAsync(NpgsqlDataSource dataSource, long customer, DateOnly today)
    {
        async Task<long> Tx(Func<NpgsqlConnection, NpgsqlTransaction, Task<long>> work)
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var tx = await connection.BeginTransactionAsync();
            var result = await work(connection, tx);
            await tx.CommitAsync();
            return result;
        }

        static async Task<object?> Run(NpgsqlConnection c, NpgsqlTransaction t, string sql, params object[] values)
        {
            await using var command = new NpgsqlCommand(sql, c, t);
            foreach (var v in values)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = v });
            }

            return await command.ExecuteScalarAsync();
        }

        var id = await Tx(async (c, t) =>
        {
            var proposal = (long)(await Run(c, t, "INSERT INTO bench_sales.documents (kind, third_party_id, date, status) VALUES ('proposal', $1, $2, 'Draft') RETURNING id", customer, today))!;
            await Run(c, t, "INSERT INTO bench_sales.audit (record_id, action, changes) VALUES ($1, 'created', '[]')", proposal);
            return proposal;
        });
        for (var i = 1; i <= 3; i++)
        {
            var amounts = LineCalculator.Compute(i, 6.36m, 0m, 20m);
            var position = i;
            await Tx(async (c, t) =>
            {
                await Run(c, t, """
                    INSERT INTO bench_sales.lines (document_id, position, description, quantity, unit_price, vat_rate, total_excl, total_vat, total_incl)
                    VALUES ($1, $2, $3, $4, 6.36, 20, $5, $6, $7)
                    """, id, position, $"Item {position}", (decimal)position, amounts.TotalExclTax, amounts.TotalVat, amounts.TotalInclTax);
                await Run(c, t, """
                    UPDATE bench_sales.documents d SET total_excl = s.e, total_vat = s.v, total_incl = s.i
                    FROM (SELECT sum(total_excl) e, sum(total_vat) v, sum(total_incl) i FROM bench_sales.lines WHERE document_id = $1) s WHERE d.id = $1
                    """, id);
                await Run(c, t, "INSERT INTO bench_sales.audit (record_id, action, changes) VALUES ($1, 'updated', '[]')", id);
                return 0;
            });
        }

        await Tx(async (c, t) => await ValidateAsync(c, t, id, "PR"));
        await Tx(async (c, t) =>
        {
            await Run(c, t, "UPDATE bench_sales.documents SET status = 'Signed' WHERE id = $1", id);
            await Run(c, t, "INSERT INTO bench_sales.audit (record_id, action, changes) VALUES ($1, 'signed', '[]')", id);
            await Run(c, t, "INSERT INTO bench_sales.events (record_id, title) VALUES ($1, 'signed')", id);
            return 0;
        });
        var order = await Tx(async (c, t) =>
        {
            var o = (long)(await Run(c, t, """
                INSERT INTO bench_sales.documents (kind, third_party_id, date, status, total_excl, total_vat, total_incl)
                SELECT 'order', third_party_id, date, 'Draft', total_excl, total_vat, total_incl FROM bench_sales.documents WHERE id = $1 RETURNING id
                """, id))!;
            await Run(c, t, """
                INSERT INTO bench_sales.lines (document_id, position, description, quantity, unit_price, vat_rate, total_excl, total_vat, total_incl)
                SELECT $2, position, description, quantity, unit_price, vat_rate, total_excl, total_vat, total_incl FROM bench_sales.lines WHERE document_id = $1
                """, id, o);
            await Run(c, t, "INSERT INTO bench_sales.links (source_id, target_id, kind) VALUES ($1, $2, 'converted')", id, o);
            await Run(c, t, "INSERT INTO bench_sales.audit (record_id, action, changes) VALUES ($1, 'created', '[]')", o);
            return o;
        });
        await Tx(async (c, t) => await ValidateAsync(c, t, order, "SO"));

        static async Task<long> ValidateAsync(NpgsqlConnection c, NpgsqlTransaction t, long document, string prefix)
        {
            var n = (long)(await Run(c, t, "UPDATE bench_sales.counter SET value = value + 1 WHERE prefix = $1 RETURNING value", prefix))!;
            await Run(c, t, "UPDATE bench_sales.documents SET number = $2, status = 'Validated', validated_at = now() WHERE id = $1", document, $"{prefix}-{n:D6}");
            await Run(c, t, "INSERT INTO bench_sales.audit (record_id, action, changes) VALUES ($1, 'validated', '[]')", document);
            await Run(c, t, "INSERT INTO bench_sales.events (record_id, title) VALUES ($1, 'validated')", document);
            await Run(c, t, "INSERT INTO bench_sales.outbox (type, payload) VALUES ('pdf', jsonb_build_object('id', $1::bigint))", document);
            return n;
        }
    }
}
