using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.IntegrationTests.Platform.Samples;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Web.Lists;
using Npgsql;

namespace MokoCrm.IntegrationTests.Platform.Lists;

/// <summary>
/// Keyset paging on real PostgreSQL: every order, forwards and backwards, over rows whose sort keys tie a lot, must
/// give each row exactly once in the order LINQ to objects gives; cursors must reach SQL as parameters of a row-value
/// comparison (the index range PostgreSQL can seek to), never as literals.
/// </summary>
public sealed class ListEngineTests(SampleAppFactory app) : IClassFixture<SampleAppFactory>
{
    private const int Rows = 237; // not a multiple of the page size: the last page is short
    private const int PageSize = 20;

    private static readonly ListDefinition<Row> Definition = new ListDefinition<Row>("samples", r => r.Id)
        .Column("number", "Number", r => r.Number)
        .Column("date", "Date", r => r.Date)
        .Column("amount", "Amount", r => r.Amount, c => c.Total = true)
        .Column("status", "Status", r => r.Status)
        .SortedBy("date", descending: true);

    public sealed class Row
    {
        public long Id { get; init; }

        public string Number { get; init; } = "";

        public DateOnly Date { get; init; }

        public decimal Amount { get; init; }

        public string Status { get; init; } = "";
    }

    public static TheoryData<string, bool> Orders => new()
    {
        { "date", true }, { "date", false }, { "amount", false }, { "amount", true }, { "number", false }, { "number", true },
    };

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task Walking_forwards_then_backwards_gives_every_row_once_in_order(string sort, bool descending)
    {
        var expected = await ExpectedAsync(sort, descending);

        var forwards = new List<long>();
        var request = new ListRequest { Sort = sort, Descending = descending, Size = PageSize };
        var pages = 0;
        while (true)
        {
            var page = await PageAsync(request);
            page.HasPrevious.ShouldBe(pages > 0);
            page.Count.ShouldBe(Rows);
            forwards.AddRange(page.Rows.Select(r => r.Id));
            pages++;
            if (!page.HasNext)
            {
                break;
            }

            request = new ListRequest { Sort = sort, Descending = descending, Size = PageSize, After = page.NextCursor };
        }

        forwards.ShouldBe(expected);
        pages.ShouldBe((Rows + PageSize - 1) / PageSize);

        var backwards = new List<long>();
        request = new ListRequest { Sort = sort, Descending = descending, Size = PageSize, Last = true };
        while (true)
        {
            var page = await PageAsync(request);
            backwards.InsertRange(0, page.Rows.Select(r => r.Id));
            if (!page.HasPrevious)
            {
                break;
            }

            page.Rows.Count.ShouldBe(PageSize);
            request = new ListRequest { Sort = sort, Descending = descending, Size = PageSize, Before = page.PreviousCursor };
        }

        backwards.ShouldBe(expected);
    }

    [Fact]
    public async Task A_cursor_reaches_sql_as_parameters_of_a_row_value_comparison()
    {
        var first = await PageAsync(new ListRequest { Size = PageSize });
        var cursorRow = first.Rows[^1];

        var commands = await CaptureCommandsAsync(() => PageAsync(new ListRequest { Size = PageSize, After = first.NextCursor }));

        var page = commands.Single(c => c.Contains("ORDER BY", StringComparison.Ordinal));
        page.ShouldContain("(s.date, s.id) < (@");
        page.ShouldNotContain(cursorRow.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        page.ShouldNotContain(" OR ");
    }

    [Fact]
    public async Task A_mangled_cursor_shows_the_first_page()
    {
        var first = await PageAsync(new ListRequest { Size = PageSize });
        var mangled = await PageAsync(new ListRequest { Size = PageSize, After = "not-a-cursor" });

        mangled.Rows.Select(r => r.Id).ShouldBe(first.Rows.Select(r => r.Id));
    }

    private async Task<ListPage<Row>> PageAsync(ListRequest request)
    {
        await SeedOnceAsync();
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var rows = db.Set<SampleDocument>().AsNoTracking().Where(d => d.Number.StartsWith("LE-"))
            .Select(d => new Row { Id = d.Id, Number = d.Number, Date = d.Date, Amount = d.Amount, Status = d.Status });
        return await ListEngine.PageAsync(rows, Definition, request);
    }

    private async Task<List<long>> ExpectedAsync(string sort, bool descending)
    {
        await SeedOnceAsync();
        await using var scope = app.Scope();
        var all = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<SampleDocument>().AsNoTracking()
            .Where(d => d.Number.StartsWith("LE-")).Select(d => new { d.Id, d.Number, d.Date, d.Amount }).ToListAsync();
        all.Count.ShouldBe(Rows);
        Func<long, object> key = sort switch
        {
            "date" => id => all.Single(r => r.Id == id).Date,
            "amount" => id => all.Single(r => r.Id == id).Amount,
            _ => id => all.Single(r => r.Id == id).Number,
        };

        // Numbers are zero-padded ASCII, so ordinal order is the database's order whatever its collation.
        var ids = all.Select(r => r.Id);
        var comparer = Comparer<object>.Create((a, b) => a is string x && b is string y ? string.CompareOrdinal(x, y) : ((IComparable)a).CompareTo(b));
        return (descending
            ? ids.OrderByDescending(key, comparer).ThenByDescending(id => id)
            : ids.OrderBy(key, comparer).ThenBy(id => id)).ToList();
    }

    private static readonly SemaphoreSlim SeedLock = new(1, 1);
    private static readonly HashSet<string> Seeded = [];

    /// <summary>Few distinct dates and amounts, so most pages end in the middle of a tie and the id decides.</summary>
    private async Task SeedOnceAsync()
    {
        await SeedLock.WaitAsync();
        try
        {
            if (!Seeded.Add(app.ConnectionString))
            {
                return;
            }

            await using var connection = new NpgsqlConnection(app.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("""
                INSERT INTO platform.sample_documents (id, number, date, amount, status, delivery_city, delivery_postal_code)
                SELECT 900000000 + g, 'LE-' || lpad(((g * 7919) % 1000)::text, 4, '0'), date '2026-01-01' + (g * 13) % 9,
                       ((g * 31) % 5) * 100.50, CASE WHEN g % 3 = 0 THEN 'validated' ELSE 'draft' END, '', ''
                FROM generate_series(1, @rows) AS g
                """, connection);
            command.Parameters.AddWithValue("rows", Rows);
            await command.ExecuteNonQueryAsync();
        }
        finally
        {
            SeedLock.Release();
        }
    }

    /// <summary>The SQL EF sends from this async flow only (other tests may run in parallel).</summary>
    private static async Task<List<string>> CaptureCommandsAsync(Func<Task> action)
    {
        var mine = new AsyncLocal<bool>();
        var commands = new List<string>();
        using var observer = new CommandObserver(mine, commands);
        using var subscription = DiagnosticListener.AllListeners.Subscribe(observer);
        mine.Value = true;
        await action();
        mine.Value = false;
        lock (commands)
        {
            return [.. commands];
        }
    }

    private sealed class CommandObserver(AsyncLocal<bool> mine, List<string> commands)
        : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly List<IDisposable> _subscriptions = [];

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == DbLoggerCategory.Name)
            {
                lock (_subscriptions)
                {
                    _subscriptions.Add(listener.Subscribe(this));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (mine.Value && value.Key == RelationalEventId.CommandExecuting.Name && value.Value is CommandEventData data)
            {
                lock (commands)
                {
                    commands.Add(data.Command.CommandText);
                }
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            lock (_subscriptions)
            {
                _subscriptions.ForEach(s => s.Dispose());
            }
        }
    }
}
