using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Web.Modules.Crm.Queries;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Search;
using MokoCrm.Web.Platform.Web.Lists;
using Npgsql;
using NpgsqlTypes;

namespace MokoCrm.Bench;

/// <summary>
/// Issue 3's bench: 200,000 third parties and 500,000 contacts seeded with binary COPY into the real crm tables (with
/// their generated search_text and trigram indexes), then the third-party list with filters and the global search as
/// the screens run them (CrmQueries + ListEngine, the record describers), each against the SQL one would write by hand.
/// </summary>
internal static class CrmBench
{
    private static readonly string[] Words =
    [
        "Atelier", "Boulangerie", "Garage", "Hotel", "Cabinet", "Ferme", "Studio", "Maison", "Comptoir", "Fromagerie", "Librairie", "Menuiserie",
        "Plomberie", "Pharmacie", "Imprimerie", "Brasserie", "Clinique", "Agence", "Transports", "Bureau",
    ];

    private static readonly string[] Names =
    [
        "Durand", "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Moreau", "Laurent", "Simon", "Michel", "Lefebvre",
        "Leroy", "Roux", "David", "Bertrand", "Morel", "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent",
        "Muller", "Lefevre", "Faure", "Andre", "Mercier", "Blanc", "Guerin", "Boyer", "Garnier", "Chevalier", "Francois", "Legrand", "Gauthier",
        "Garcia", "Perrin", "Robin", "Clement", "Morin", "Nicolas", "Henry", "Roussel", "Mathieu", "Gautier", "Masson",
    ];

    private static readonly string[] Countries = ["FR", "FR", "FR", "BE", "DE", "ES", "IT", "CH"];

    public static async Task SeedAsync(string connectionString, int thirdParties, int contacts)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var random = new Random(42);
        var created = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        const long firstId = 10_000_000;

        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY crm.third_parties (id, name, normalized_name, is_customer, is_prospect, is_supplier, status, customer_code, country_code, town, email, phone, "
            + "vat_liable, default_discount_percent, prospect_status, created_at) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < thirdParties; i++)
            {
                var name = $"{Words[random.Next(Words.Length)]} {Names[random.Next(Names.Length)]} {i:x}";
                var customer = i % 3 != 0;
                await writer.StartRowAsync();
                await writer.WriteAsync(firstId + i, NpgsqlDbType.Bigint);
                await writer.WriteAsync(name, NpgsqlDbType.Varchar);
                await writer.WriteAsync(name.ToLowerInvariant(), NpgsqlDbType.Varchar);
                await writer.WriteAsync(customer, NpgsqlDbType.Boolean);
                await writer.WriteAsync(!customer, NpgsqlDbType.Boolean);
                await writer.WriteAsync(i % 7 == 0, NpgsqlDbType.Boolean);
                await writer.WriteAsync(i % 50 == 0 ? "Closed" : "Active", NpgsqlDbType.Varchar);
                await writer.WriteAsync($"CU2601-{i:D6}", NpgsqlDbType.Varchar);
                await writer.WriteAsync(Countries[random.Next(Countries.Length)], NpgsqlDbType.Varchar);
                await writer.WriteAsync("Lyon", NpgsqlDbType.Varchar);
                await writer.WriteAsync($"contact{i}@{Names[random.Next(Names.Length)].ToLowerInvariant()}.example", NpgsqlDbType.Varchar);
                await writer.WriteAsync($"+33 4 {random.Next(10, 99)} {random.Next(10, 99)} {random.Next(10, 99)} {random.Next(10, 99)}", NpgsqlDbType.Varchar);
                await writer.WriteAsync(true, NpgsqlDbType.Boolean);
                await writer.WriteAsync(0m, NpgsqlDbType.Numeric);
                await writer.WriteAsync("NeverContacted", NpgsqlDbType.Varchar);
                await writer.WriteAsync(created.AddMinutes(i), NpgsqlDbType.TimestampTz);
            }

            await writer.CompleteAsync();
        }

        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY crm.contacts (id, third_party_id, first_name, last_name, email, phone, active, no_email) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < contacts; i++)
            {
                var last = Names[random.Next(Names.Length)];
                await writer.StartRowAsync();
                await writer.WriteAsync(firstId + i, NpgsqlDbType.Bigint);
                await writer.WriteAsync(firstId + random.Next(thirdParties), NpgsqlDbType.Bigint);
                await writer.WriteAsync(Names[random.Next(Names.Length)], NpgsqlDbType.Varchar);
                await writer.WriteAsync($"{last} {i:x}", NpgsqlDbType.Varchar);
                await writer.WriteAsync($"p{i}@{last.ToLowerInvariant()}.example", NpgsqlDbType.Varchar);
                await writer.WriteAsync($"06 {random.Next(10, 99)} {random.Next(10, 99)} {random.Next(10, 99)} {random.Next(10, 99)}", NpgsqlDbType.Varchar);
                await writer.WriteAsync(true, NpgsqlDbType.Boolean);
                await writer.WriteAsync(false, NpgsqlDbType.Boolean);
            }

            await writer.CompleteAsync();
        }

        foreach (var table in new[] { "crm.third_parties", "crm.contacts" })
        {
            await using var analyze = new NpgsqlCommand($"VACUUM ANALYZE {table}", connection);
            await analyze.ExecuteNonQueryAsync();
        }

        Console.WriteLine($"Seeded {thirdParties:N0} third parties and {contacts:N0} contacts in {clock.Elapsed.TotalSeconds:0} s");
    }

    public static async Task<string> RunAsync(WebApplication app, string connectionString, int repeat)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var cases = new List<(string Name, Func<Task> Screen, Func<Task> Plain)>
        {
            ("third parties: customers in FR, name contains \"durand\", first page by name",
                () => ListPageAsync(app, new ThirdPartyFilter { Kind = "customer", Country = "FR" }, "durand"),
                () => PlainListAsync(dataSource, "t.is_customer AND t.country_code = 'FR' AND t.search_text LIKE '%durand%'")),
            ("third parties: every kind, no filter, first page by name",
                () => ListPageAsync(app, new ThirdPartyFilter(), null),
                () => PlainListAsync(dataSource, "true")),
            ("global search \"garnier\" (third parties, contacts; 9 of each)",
                () => GlobalSearchAsync(app, "garnier"),
                () => PlainSearchAsync(dataSource, "%garnier%")),
            ("global search by phone digits \"06 45 12\"",
                () => GlobalSearchAsync(app, "06 45 12"),
                () => PlainSearchAsync(dataSource, "%064512%")),
        };

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"CRM screens on 200,000 third parties and 500,000 contacts, p50 / p95 ms over {repeat} runs after {repeat / 5} warm-up runs, {Environment.ProcessorCount} cores");
        report.AppendLine();
        report.AppendLine("| case | screen code p50 / p95 | plain SQL p50 / p95 | ratio p95 |");
        report.AppendLine("|---|---:|---:|---:|");
        Console.Write(report);
        foreach (var (name, screen, plain) in cases)
        {
            var s = await TimeAsync(screen, repeat);
            var p = await TimeAsync(plain, repeat);
            var line = string.Create(CultureInfo.InvariantCulture, $"| {name} | {s} | {p} | {s.P95 / p.P95:0.00} |");
            report.AppendLine(line);
            Console.WriteLine(line);
        }

        return report.ToString();
    }

    private static async Task ListPageAsync(WebApplication app, ThirdPartyFilter filter, string? search)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var queries = scope.ServiceProvider.GetRequiredService<CrmQueries>();
        var page = await ListEngine.PageAsync(await queries.ThirdPartiesAsync(filter), CrmQueries.ThirdPartyList, new ListRequest { Search = search });
        if (page.Rows.Count == 0)
        {
            throw new InvalidOperationException("The list case found nothing: the bench data is not what it expects.");
        }
    }

    private static async Task GlobalSearchAsync(WebApplication app, string term)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var found = 0;
        foreach (var describer in scope.ServiceProvider.GetServices<IRecordDescriber>().Where(d => d.Searchable && d.RecordType.StartsWith("crm.", StringComparison.Ordinal)))
        {
            found += (await describer.SearchAsync(term, 9)).Count;
        }

        if (found == 0)
        {
            throw new InvalidOperationException($"The search for {term} found nothing: the bench data is not what it expects.");
        }
    }

    private static async Task PlainListAsync(NpgsqlDataSource dataSource, string where)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var page = new NpgsqlCommand(
            $"SELECT t.id, t.name, t.alias, t.customer_code, t.supplier_code, t.is_customer, t.is_prospect, t.is_supplier, t.town, t.country_code, t.email, t.phone, "
            + $"t.prospect_status, t.status FROM crm.third_parties t WHERE {where} ORDER BY t.name, t.id LIMIT 51", connection);
        await using (var reader = await page.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
            }
        }

        await using var count = new NpgsqlCommand($"SELECT count(*) FROM (SELECT 1 FROM crm.third_parties t WHERE {where} LIMIT 10001) c", connection);
        await count.ExecuteScalarAsync();
    }

    private static async Task PlainSearchAsync(NpgsqlDataSource dataSource, string pattern)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        foreach (var sql in new[]
        {
            "SELECT id, name, customer_code, status FROM crm.third_parties WHERE search_text LIKE $1 ORDER BY name, id LIMIT 9",
            "SELECT id, first_name, last_name, active FROM crm.contacts WHERE search_text LIKE $1 ORDER BY last_name, id LIMIT 9",
            "SELECT id, title, expected_close_date, expected_amount, status FROM crm.leads WHERE search_text LIKE $1 ORDER BY title, id LIMIT 9",
        })
        {
            await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = pattern } } };
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
            }
        }
    }

    private static async Task<Timing> TimeAsync(Func<Task> operation, int repeat)
    {
        for (var i = 0; i < repeat / 5; i++)
        {
            await operation();
        }

        var times = new List<double>(repeat);
        for (var i = 0; i < repeat; i++)
        {
            var clock = Stopwatch.StartNew();
            await operation();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        return Timing.Of(times);
    }
}
