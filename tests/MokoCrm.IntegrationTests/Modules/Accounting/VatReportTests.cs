using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Accounting.Domain;
using MokoCrm.Web.Modules.Accounting.Features;
using MokoCrm.Web.Modules.Accounting.Queries;
using MokoCrm.Web.Platform.Data;

namespace MokoCrm.IntegrationTests.Modules.Accounting;

/// <summary>
/// The VAT report reads whole months from the VAT period balances the engine keeps and only the days of partial
/// months from the lines: over whole months, partial ranges and a range inside one month, with invoices at two rates,
/// a credit note (its VAT on the other side, counted negative), a supplier invoice and its reversal, and a manual line
/// without a rate, it gives exactly what the lines give.
/// </summary>
public sealed class VatReportTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    [Fact]
    public async Task The_vat_report_from_the_period_balances_equals_the_lines_over_whole_months_partial_ranges_and_one_month()
    {
        var id = 0L;
        static InvoicePostingLine Line(decimal amount, decimal rate) => new(true, null, amount, rate, decimal.Round(amount * rate / 100m, 2));
        InvoicePosting Invoice(DateOnly date, params InvoicePostingLine[] lines) => new("test.vat-invoice", ++id, $"VAT-IN-{id}", date, "Vat SA", "VAT-C", null, lines, DueDate: date);
        await app.PostAsync(d => PostingBuilders.CustomerInvoice(Invoice(new(2025, 1, 10), Line(1000m, 20m), Line(100m, 5.5m)), d));
        await app.PostAsync(d => PostingBuilders.CustomerInvoice(Invoice(new(2025, 1, 28), Line(400m, 20m)), d));
        await app.PostAsync(d => PostingBuilders.CustomerCreditNote(Invoice(new(2025, 2, 3), Line(150m, 20m)), d));
        await app.PostAsync(d => PostingBuilders.CustomerInvoice(Invoice(new(2025, 2, 20), Line(80m, 5.5m)), d));
        await app.PostAsync(d => PostingBuilders.SupplierInvoice(new InvoicePosting("test.vat-supplier", 1, "VAT-SI-1", new(2025, 2, 14), "Vat Supplies", "VAT-S", null,
            [new InvoicePostingLine(false, null, 300m, 20m, 60m)], DueDate: new(2025, 3, 14)), d));
        await app.PostAsync(d => PostingBuilders.CustomerInvoice(Invoice(new(2025, 3, 5), Line(250m, 20m)), d));
        await app.PostAsync(d => new PostingDraft("OD", new(2025, 3, 18), "VAT correction", "test.vat-manual", 1, EntryKind.Posting,
            [new PostingLine("44571", 0m, 12.34m, "Correction"), new PostingLine("471", 12.34m, 0m, "Correction")]));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var engine = scope.ServiceProvider.GetRequiredService<PostingEngine>();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await using var tx = await db.Database.BeginTransactionAsync();
            await engine.ReverseAsync("test.vat-supplier", 1, new(2025, 3, 20), "Supplier invoice abandoned");
            await db.SaveChangesAsync();
            await tx.CommitAsync();
        }

        (await app.WithDbAsync(db => db.Set<VatPeriodBalance>().CountAsync())).ShouldBeGreaterThan(0, "the engine keeps the VAT period balances");
        foreach (var (from, to) in new (DateOnly, DateOnly)[]
        {
            (new(2025, 1, 1), new(2025, 3, 31)),   // whole months only
            (new(2025, 1, 15), new(2025, 3, 10)),  // partial first and last months around a whole one
            (new(2025, 2, 1), new(2025, 2, 28)),   // one whole month
            (new(2025, 2, 4), new(2025, 2, 19)),   // inside one month
            (new(2024, 12, 1), new(2025, 12, 31)), // months without VAT around
        })
        {
            var report = await ReportAsync(from, to);
            report.ShouldBe(await FromLinesAsync(from, to), $"{from}..{to}");
        }

        // The figures themselves, over the quarter: the credit note counts negative, the manual line is "unspecified",
        // the supplier invoice and its reversal cancel out.
        (await ReportAsync(new(2025, 1, 1), new(2025, 3, 31))).ShouldBe(
        [
            (new DateOnly(2025, 1, 1), "20 %", 1400m, 280m, 0m, 0m),
            (new DateOnly(2025, 1, 1), "5.5 %", 100m, 5.50m, 0m, 0m),
            (new DateOnly(2025, 2, 1), "20 %", -150m, -30m, 300m, 60m),
            (new DateOnly(2025, 2, 1), "5.5 %", 80m, 4.40m, 0m, 0m),
            (new DateOnly(2025, 3, 1), "20 %", 250m, 50m, -300m, -60m),
            (new DateOnly(2025, 3, 1), "unspecified", 0m, 12.34m, 0m, 0m),
        ]);
    }

    private async Task<List<(DateOnly Period, string Rate, decimal CollectedBase, decimal Collected, decimal DeductibleBase, decimal Deductible)>> ReportAsync(DateOnly from, DateOnly to)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var rows = await (await scope.ServiceProvider.GetRequiredService<ReportQueries>().VatAsync(from, to, "44571", "44566")).ToListAsync();
        return rows.OrderBy(r => r.Period).ThenBy(r => r.Rate, StringComparer.Ordinal)
            .Select(r => (r.Period, r.Rate, r.CollectedBase, r.Collected, r.DeductibleBase, r.Deductible)).ToList();
    }

    /// <summary>What the report gave when it read every VAT line: per month and rate, bases signed by the line's side.</summary>
    private async Task<List<(DateOnly Period, string Rate, decimal CollectedBase, decimal Collected, decimal DeductibleBase, decimal Deductible)>> FromLinesAsync(DateOnly from, DateOnly to)
    {
        var lines = await app.WithDbAsync(db => db.Set<JournalEntryLine>().AsNoTracking()
            .Where(l => (l.AccountNumber.StartsWith("4457") || l.AccountNumber.StartsWith("4456")) && l.EntryDate >= from && l.EntryDate <= to).ToListAsync());
        return lines.GroupBy(l => (Period: new DateOnly(l.EntryDate.Year, l.EntryDate.Month, 1), l.VatRate))
            .Select(g =>
            {
                var collected = g.Where(l => l.AccountNumber.StartsWith("4457", StringComparison.Ordinal)).ToList();
                var deductible = g.Where(l => l.AccountNumber.StartsWith("4456", StringComparison.Ordinal)).ToList();
                var rate = g.Key.VatRate is { } r ? r.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture) + " %" : "unspecified";
                return (g.Key.Period, rate,
                    collected.Sum(l => (l.Credit > 0 ? 1 : -1) * (l.VatBase ?? 0m)), collected.Sum(l => l.Credit - l.Debit),
                    deductible.Sum(l => (l.Debit > 0 ? 1 : -1) * (l.VatBase ?? 0m)), deductible.Sum(l => l.Debit - l.Credit));
            })
            .OrderBy(r => r.Period).ThenBy(r => r.rate, StringComparer.Ordinal).ToList();
    }

}
