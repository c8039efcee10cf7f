using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.IntegrationTests.Platform.Sample;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Numbering;
using MokoCrm.Web.Platform.Setup;
using Npgsql;

namespace MokoCrm.IntegrationTests.Platform.Numbering;

public sealed class NumberingTests(SampleAppFactory app) : IClassFixture<SampleAppFactory>
{
    private static readonly DateOnly November = new(2026, 11, 15);

    private Task<string> ValidateAsync(long id, string documentType, bool commit = true) =>
        app.InScopeAsync((_, services) => services.GetRequiredService<ValidateSampleDocument>().RunAsync(id, documentType, commit));

    [Fact]
    public async Task Sixteen_parallel_validators_get_unique_consecutive_numbers_with_no_gap()
    {
        const int workers = 16;
        const int perWorker = 50; // 800 validations: enough contention to expose a gap or a duplicate; speed is the bench's job
        await app.AddMaskAsync("sample_parallel", "PA{yymm}-{nnnn}");
        var ids = await SeedDraftsAsync(workers * perWorker, November);

        var numbers = await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            var taken = new List<string>(perWorker);
            foreach (var id in ids.Skip(worker * perWorker).Take(perWorker))
            {
                taken.Add(await ValidateAsync(id, "sample_parallel"));
            }

            return taken;
        })));

        var all = numbers.SelectMany(n => n).ToList();
        all.Count.ShouldBe(workers * perWorker);
        all.ShouldAllBe(n => n.StartsWith("PA2611-", StringComparison.Ordinal));
        all.Select(n => int.Parse(n["PA2611-".Length..], CultureInfo.InvariantCulture)).Order()
            .ShouldBe(Enumerable.Range(1, workers * perWorker));
        foreach (var perWorkerNumbers in numbers)
        {
            perWorkerNumbers.ShouldBeInOrder(SortDirection.Ascending, StringComparer.Ordinal);
        }

        var stored = await app.InScopeAsync((db, _) => db.Set<SampleDocument>().CountAsync(d => d.Number!.StartsWith("PA2611-")));
        stored.ShouldBe(workers * perWorker);
    }

    [Fact]
    public async Task A_rolled_back_validation_takes_no_number()
    {
        await app.AddMaskAsync("sample_rollback", "RB{yymm}-{nnnn}");
        var first = await app.CreateDraftAsync("first", November);
        var failed = await app.CreateDraftAsync("failed", November);
        var third = await app.CreateDraftAsync("third", November);

        (await ValidateAsync(first, "sample_rollback")).ShouldBe("RB2611-0001");
        (await ValidateAsync(failed, "sample_rollback", commit: false)).ShouldBe("RB2611-0002");
        (await ValidateAsync(third, "sample_rollback")).ShouldBe("RB2611-0002");

        var notValidated = await app.LoadAsync(failed);
        notValidated.Number.ShouldBeNull();
        notValidated.Status.ShouldBe(SampleDocumentStatus.Draft);
    }

    [Fact]
    public async Task A_back_dated_document_counts_in_its_own_fiscal_year()
    {
        await app.AddMaskAsync("sample_fiscal", "FY{yymm}-{nnnn}");
        var march = await app.CreateDraftAsync("march", new DateOnly(2026, 3, 10));
        var may = await app.CreateDraftAsync("may", new DateOnly(2026, 5, 2));
        var lastDecember = await app.CreateDraftAsync("back-dated", new DateOnly(2025, 12, 31));
        var june = await app.CreateDraftAsync("june", new DateOnly(2026, 6, 1));

        (await ValidateAsync(march, "sample_fiscal")).ShouldBe("FY2603-0001");
        (await ValidateAsync(may, "sample_fiscal")).ShouldBe("FY2605-0002");
        (await ValidateAsync(lastDecember, "sample_fiscal")).ShouldBe("FY2512-0001");
        (await ValidateAsync(june, "sample_fiscal")).ShouldBe("FY2606-0003");

        var counters = await app.InScopeAsync((db, _) => db.Set<NumberingCounter>().AsNoTracking()
            .Where(c => c.Prefix == "FY").OrderBy(c => c.FiscalYear).Select(c => new { c.FiscalYear, c.Value }).ToListAsync());
        counters.Select(c => (c.FiscalYear, c.Value)).ShouldBe([(2025, 1L), (2026, 3L)]);
    }

    [Fact]
    public async Task With_an_april_fiscal_year_march_counts_in_the_year_before_and_april_restarts()
    {
        // The counter's fiscal year is computed in the numbering SQL; it must agree with FiscalCalendar.FiscalYearOf.
        await app.AddMaskAsync("sample_april", "AP{yymm}-{nnnn}");
        var march = await app.CreateDraftAsync("march", new DateOnly(2026, 3, 31));
        var april = await app.CreateDraftAsync("april", new DateOnly(2026, 4, 1));
        var earlyMarch = await app.CreateDraftAsync("early march", new DateOnly(2026, 3, 1));
        var nextMarch = await app.CreateDraftAsync("next march", new DateOnly(2027, 3, 31));
        var previous = await SetFiscalYearStartMonthAsync(4);
        try
        {
            (await ValidateAsync(march, "sample_april")).ShouldBe("AP2603-0001");
            (await ValidateAsync(april, "sample_april")).ShouldBe("AP2604-0001");
            (await ValidateAsync(earlyMarch, "sample_april")).ShouldBe("AP2603-0002");
            (await ValidateAsync(nextMarch, "sample_april")).ShouldBe("AP2703-0002");
        }
        finally
        {
            await SetFiscalYearStartMonthAsync(previous);
        }

        var counters = await app.InScopeAsync((db, _) => db.Set<NumberingCounter>().AsNoTracking()
            .Where(c => c.Prefix == "AP").OrderBy(c => c.FiscalYear).Select(c => new { c.FiscalYear, c.Value }).ToListAsync());
        counters.Select(c => (c.FiscalYear, c.Value)).ShouldBe([
            (FiscalCalendar.FiscalYearOf(new DateOnly(2026, 3, 31), 4), 2L),
            (FiscalCalendar.FiscalYearOf(new DateOnly(2026, 4, 1), 4), 2L)]);
    }

    [Fact]
    public async Task An_edited_mask_applies_to_the_next_number_and_the_counter_goes_on()
    {
        await app.AddMaskAsync("sample_edit", "ED{yymm}-{nnnn}");
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await app.CreateDraftAsync($"edit {i}", November));
        }

        (await ValidateAsync(ids[0], "sample_edit")).ShouldBe("ED2611-0001");
        (await ValidateAsync(ids[1], "sample_edit")).ShouldBe("ED2611-0002");
        await app.InScopeAsync(async (db, _) =>
        {
            (await db.Set<NumberingMask>().SingleAsync(m => m.DocumentType == "sample_edit")).ChangeMask("ED{yyyy}/{nnnnnn}");
            await db.SaveChangesAsync();
        });
        (await ValidateAsync(ids[2], "sample_edit")).ShouldBe("ED2026/000003");
    }

    [Fact]
    public async Task A_number_asked_for_outside_a_transaction_is_refused()
    {
        var refusal = await Should.ThrowAsync<InvalidOperationException>(() => app.InScopeAsync((_, services) =>
            services.GetRequiredService<INumberingService>().NextAsync(NumberedDocumentTypes.Invoice, November)));

        refusal.Message.ShouldContain("outside a transaction");
    }

    [Fact]
    public async Task The_default_masks_are_seeded_once_and_an_admin_edit_survives_the_next_start()
    {
        var masks = await app.InScopeAsync((db, _) => db.Set<NumberingMask>().AsNoTracking().ToDictionaryAsync(m => m.DocumentType, m => m.Mask));
        foreach (var (documentType, mask) in NumberedDocumentTypes.DefaultMasks)
        {
            masks[documentType].ShouldBe(mask);
        }

        await app.InScopeAsync(async (db, services) =>
        {
            (await db.Set<NumberingMask>().SingleAsync(m => m.DocumentType == NumberedDocumentTypes.ExpenseReport)).ChangeMask("NDF{yyyy}-{nnnnn}");
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
            foreach (var seeder in services.GetServices<IReferenceDataSeeder>().OfType<NumberingMaskSeeder>())
            {
                await seeder.SeedAsync(db, CancellationToken.None);
            }
        });

        var after = await app.InScopeAsync((db, _) => db.Set<NumberingMask>().AsNoTracking().ToListAsync());
        after.Count(m => NumberedDocumentTypes.DefaultMasks.ContainsKey(m.DocumentType)).ShouldBe(NumberedDocumentTypes.DefaultMasks.Count);
        after.Single(m => m.DocumentType == NumberedDocumentTypes.ExpenseReport).Mask.ShouldBe("NDF{yyyy}-{nnnnn}");
    }

    /// <summary>Sets the company's fiscal year start month (the profile row is seeded at start); returns the old one.</summary>
    private async Task<int> SetFiscalYearStartMonthAsync(int month)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            UPDATE platform.company_profile AS c SET fiscal_year_start_month = @month
            FROM (SELECT fiscal_year_start_month AS previous FROM platform.company_profile WHERE id = 1) AS old
            WHERE c.id = 1 RETURNING old.previous
            """, connection);
        command.Parameters.AddWithValue("month", month);
        return (int)(await command.ExecuteScalarAsync() ?? throw new InvalidOperationException("The company profile is not seeded."));
    }

    private async Task<List<long>> SeedDraftsAsync(int count, DateOnly date)
    {
        // Plain SQL: the test is about validating, and EF inserts of 3200 drafts would only slow it down.
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            INSERT INTO sample.sample_documents (id, title, document_date, status, note_count)
            SELECT 100000000 + g, 'parallel ' || g, @date, 'Draft', 0 FROM generate_series(1, @count) AS g
            RETURNING id
            """, connection);
        command.Parameters.AddWithValue("date", date);
        command.Parameters.AddWithValue("count", count);
        var ids = new List<long>(count);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }
}
