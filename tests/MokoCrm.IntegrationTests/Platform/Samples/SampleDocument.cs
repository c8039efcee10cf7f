using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Platform.Audit;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Security;
using Npgsql;

namespace MokoCrm.IntegrationTests.Platform.Samples;

/// <summary>A small document type that exists only in the tests, to exercise the platform before any module exists.</summary>
[RecordType(SampleDocument.RecordType)]
public sealed class SampleDocument : Entity, IAudited
{
    public const string RecordType = "test.sample";

    private SampleDocument()
    {
        Number = Status = string.Empty;
        Delivery = SampleAddress.None;
    }

    public SampleDocument(string number, DateOnly date, decimal amount)
    {
        Number = number;
        Date = date;
        Amount = amount;
        Status = "draft";
        Delivery = SampleAddress.None;
    }

    public string Number { get; set; }

    public DateOnly Date { get; set; }

    public decimal Amount { get; set; }

    public string Status { get; set; }

    [NotAudited]
    public string? SecretHash { get; set; }

    public byte[]? Content { get; set; }

    public SampleAddress Delivery { get; set; }

    public RecordRef Ref => new(RecordType, Id);

    /// <summary>A detached copy standing for a row already saved (what a form post rebuilds).</summary>
    public SampleDocument WithId(long id)
    {
        Id = id;
        return this;
    }
}

/// <summary>A value object mapped as an EF complex property.</summary>
public sealed record SampleAddress(string City, string PostalCode)
{
    public static readonly SampleAddress None = new(string.Empty, string.Empty);
}

/// <summary>Another record type whose describer needs no table: the links tests only need it to have ids.</summary>
public static class Memo
{
    public const string RecordType = "test.memo";

    public static RecordRef Ref(long id) => new(RecordType, id);
}

public sealed class SampleModel : IModelContributor
{
    public void Configure(ModelBuilder modelBuilder) => modelBuilder.Entity<SampleDocument>(b =>
    {
        b.ToTable("sample_documents");
        b.Property(d => d.Id).UseHiLo("sample_documents_hilo", ModelConventions.PlatformSchema);
        b.Property(d => d.Number).HasMaxLength(30);
        b.Property(d => d.Status).HasMaxLength(20);
        b.Property(d => d.Amount).HasPrecision(18, 2);
        b.HasIndex(d => d.Number).IsUnique();
        b.ComplexProperty(d => d.Delivery, c =>
        {
            c.Property(a => a.City).HasMaxLength(60);
            c.Property(a => a.PostalCode).HasMaxLength(10);
        });
        b.Ignore(d => d.Ref);
        b.Ignore(d => d.DomainEvents);
    });
}

/// <summary>Counts the calls each describer gets, to prove a chain asks once per type.</summary>
public sealed class DescriberCalls
{
    public ConcurrentQueue<(string Type, long[] Ids)> Calls { get; } = new();

    public int For(string type) => Calls.Count(c => c.Type == type);
}

/// <summary>Stands in for the security module's visibility rules: the ids listed here are hidden from everyone.</summary>
public sealed class HiddenRecords : IRecordAccess
{
    public ConcurrentDictionary<RecordRef, bool> Hidden { get; } = new();

    public Task<bool> CanReadAsync(RecordRef record, CancellationToken cancellationToken = default) => Task.FromResult(!Hidden.ContainsKey(record));

    public Task<IReadOnlySet<long>> ReadableAsync(string recordType, IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlySet<long>>(ids.Where(id => !Hidden.ContainsKey(new RecordRef(recordType, id))).ToHashSet());

    public Task<bool> CanAsync(RecordRef record, RecordAction action, CancellationToken cancellationToken = default) => CanReadAsync(record, cancellationToken);
}

public sealed class SampleDescriber(AppDbContext db, DescriberCalls calls) : IRecordDescriber
{
    public string RecordType => SampleDocument.RecordType;

    public string TypeLabel => "Sample document";

    public async Task<IReadOnlyList<RecordSummary>> DescribeAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default)
    {
        calls.Calls.Enqueue((RecordType, ids.ToArray()));
        return await db.Set<SampleDocument>().AsNoTracking()
            .Where(d => ids.Contains(d.Id))
            .Select(d => new RecordSummary(SampleDocument.RecordType, d.Id, d.Number, d.Date, d.Amount, d.Status, "/Test/Samples/" + d.Id))
            .ToListAsync(cancellationToken);
    }

    public bool Searchable => true;

    public async Task<IReadOnlyList<RecordSummary>> SearchAsync(string query, int limit, CancellationToken cancellationToken = default) =>
        await db.Set<SampleDocument>().AsNoTracking()
            .Where(d => d.Number.StartsWith(query))
            .OrderBy(d => d.Number).Take(limit)
            .Select(d => new RecordSummary(SampleDocument.RecordType, d.Id, d.Number, d.Date, d.Amount, d.Status, "/Test/Samples/" + d.Id))
            .ToListAsync(cancellationToken);
}

public sealed class MemoDescriber(DescriberCalls calls) : IRecordDescriber
{
    public string RecordType => Memo.RecordType;

    public string TypeLabel => "Memo";

    public Task<IReadOnlyList<RecordSummary>> DescribeAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default)
    {
        calls.Calls.Enqueue((RecordType, ids.ToArray()));
        IReadOnlyList<RecordSummary> summaries = ids.Select(id => new RecordSummary(RecordType, id, $"MEMO-{id}", null, null, "open", null)).ToList();
        return Task.FromResult(summaries);
    }
}

/// <summary>The app with the sample document type in its model and describers for it.</summary>
public sealed class SampleAppFactory : MokoAppFactory
{
    protected override string TemplateKey => "samples";

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        // The sample type is in the model on purpose and in no migration (PrepareTemplateAsync creates its table), so
        // the startup check for pending model changes is off HERE only; the plain factory's tests still run it.
        // Contexts are pooled, and a pooled context's EF loggers remember for a second (EF's logging cache) that nobody
        // listened to its commands: ListEngineTests subscribes to EF's DiagnosticListener just before the commands it
        // captures, so here the loggers ask every time, as a freshly built context's did.
        services.ConfigureDbContext<AppDbContext>(o => ModelContributorsExtension.Add(o, new SampleModel())
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning))
            .ConfigureLoggingCacheTime(TimeSpan.Zero));
        services.AddSingleton<DescriberCalls>();
        services.AddSingleton<HiddenRecords>();
        services.AddScoped<IRecordAccess>(sp => sp.GetRequiredService<HiddenRecords>());
        services.AddScoped<IRecordDescriber, SampleDescriber>();
        services.AddScoped<IRecordDescriber, MemoDescriber>();
    }

    protected override Task PrepareTemplateAsync(string connectionString) => CreateSampleTableAsync(connectionString);

    /// <summary>The table of the sample type, which is in no migration (see <see cref="ConfigureTestServices"/>).</summary>
    public static async Task CreateSampleTableAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            CREATE SEQUENCE platform.sample_documents_hilo INCREMENT BY 10;
            CREATE TABLE platform.sample_documents (
                id bigint PRIMARY KEY,
                number varchar(30) NOT NULL UNIQUE,
                date date NOT NULL,
                amount numeric(18,2) NOT NULL,
                status varchar(20) NOT NULL,
                secret_hash text NULL,
                content bytea NULL,
                delivery_city varchar(60) NOT NULL,
                delivery_postal_code varchar(10) NOT NULL);
            """, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A fresh request-like scope: its own DbContext, interceptor and current user.</summary>
    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    public static string NewNumber() => "S" + Guid.NewGuid().ToString("N")[..12];
}
