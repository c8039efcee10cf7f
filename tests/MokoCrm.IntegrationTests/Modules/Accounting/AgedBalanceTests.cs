using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Accounting.Domain;
using MokoCrm.Web.Modules.Accounting.Queries;

namespace MokoCrm.IntegrationTests.Modules.Accounting;

/// <summary>
/// Aged receivables and payables computed in SQL (per age column) on their own data: charges on the column edges (due
/// on the report date, 30, 60 and 90 days late), two invoices due the same day split by a payment, an invoice dated
/// after the report date left out, a customer paid up not listed, a supplier on the payables side.
/// </summary>
public sealed class AgedBalanceTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    [Fact]
    public async Task Open_charges_are_the_newest_the_balance_covers_the_last_one_partly_summed_per_column_on_the_edges()
    {
        await SeedAsync();

        // On June 30: 1,020.00 charged, 200.00 paid: 820.00 open, newest due first: 120 (due July 15) + 60 (due June
        // 30, the report date: not due) + 360 + 120 (due May 31, 30 days late) + 160 of the 240 due April 1 (90 days
        // late); the 120 due March 1 is paid.
        var june30 = await AgedAsync("customers", new(2025, 6, 30));
        june30.Where(r => r.Subledger.StartsWith("AG-", StringComparison.Ordinal))
            .Select(r => (r.Subledger, r.Name, r.NotDue, r.Days0To30, r.Days31To60, r.Days61To90, r.Over90))
            .ShouldBe([("AG-E", "Edge SA", 180m, 480m, 0m, 160m, 0m)], "AG-F is paid up");

        // On June 22 the payment (June 25) is not made yet: everything is open; May 31 is 22 days late, April 1 82,
        // March 1 113; the invoice of June 20 is in, the one dated July 1 is not.
        var june22 = await AgedAsync("customers", new(2025, 6, 22));
        june22.Single(r => r.Subledger == "AG-E").ShouldSatisfyAllConditions(
            r => r.NotDue.ShouldBe(180m), r => r.Days0To30.ShouldBe(480m), r => r.Days31To60.ShouldBe(0m), r => r.Days61To90.ShouldBe(240m), r => r.Over90.ShouldBe(120m),
            r => r.Total.ShouldBe(1020m));
        june22.Single(r => r.Subledger == "AG-F").Days0To30.ShouldBe(120m, "its payment is after the date");

        // A supplier: 360.00 billed due May 1, 100.00 paid: 260.00 owed, 60 days late on June 30 (31–60).
        var payables = await AgedAsync("suppliers", new(2025, 6, 30));
        payables.Single(r => r.Subledger == "AG-S").ShouldSatisfyAllConditions(r => r.Days31To60.ShouldBe(260m), r => r.Total.ShouldBe(260m), r => r.Name.ShouldBe("Edge Supplies"));
    }

    private async Task<IReadOnlyList<AgedRow>> AgedAsync(string kind, DateOnly asOf)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var reports = scope.ServiceProvider.GetRequiredService<ReportQueries>();
        return await reports.AgedAsync((await reports.KindAsync(kind))!, asOf);
    }

    private async Task SeedAsync()
    {
        var bank = await app.BankIdAsync();
        var id = 0L;
        async Task InvoiceAsync(string party, string name, DateOnly date, DateOnly due, decimal excl) =>
            await app.PostAsync(d => PostingBuilders.CustomerInvoice(new InvoicePosting("test.aged-invoice", ++id, $"AG-IN-{id}", date, name, party, null,
                [new InvoicePostingLine(true, null, excl, 20m, decimal.Round(excl * 0.2m, 2))], DueDate: due), d));

        await InvoiceAsync("AG-E", "Edge SA", new(2025, 1, 30), new(2025, 3, 1), 100m);    // 120.00, over 90 on June 30
        await InvoiceAsync("AG-E", "Edge SA", new(2025, 3, 2), new(2025, 4, 1), 200m);     // 240.00, 90 days late
        await InvoiceAsync("AG-E", "Edge SA", new(2025, 5, 1), new(2025, 5, 31), 300m);    // 360.00, 30 days late
        await InvoiceAsync("AG-E", "Edge SA", new(2025, 5, 2), new(2025, 5, 31), 100m);    // 120.00, same due date
        await InvoiceAsync("AG-E", "Edge SA", new(2025, 6, 1), new(2025, 6, 30), 50m);     // 60.00, due on the report date
        await InvoiceAsync("AG-E", "Edge SA", new(2025, 6, 20), new(2025, 7, 15), 100m);   // 120.00, not due
        await InvoiceAsync("AG-E", "Edge SA", new(2025, 7, 1), new(2025, 7, 31), 1000m);   // after the report dates
        await app.PostAsync(d => PostingBuilders.CustomerPayment(new PaymentPosting("test.aged-payment", 1, "AG-PAY-1", new(2025, 6, 25), "Edge SA", "AG-E", "512", 200m, bank), d));
        await InvoiceAsync("AG-F", "Paid Up SARL", new(2025, 6, 1), new(2025, 6, 15), 100m);
        await app.PostAsync(d => PostingBuilders.CustomerPayment(new PaymentPosting("test.aged-payment", 2, "AG-PAY-2", new(2025, 6, 24), "Paid Up SARL", "AG-F", "512", 120m, bank), d));
        await app.PostAsync(d => PostingBuilders.SupplierInvoice(new InvoicePosting("test.aged-supplier-invoice", 1, "AG-SI-1", new(2025, 4, 1), "Edge Supplies", "AG-S", null,
            [new InvoicePostingLine(false, null, 300m, 20m, 60m)], DueDate: new(2025, 5, 1)), d));
        await app.PostAsync(d => PostingBuilders.SupplierPayment(new PaymentPosting("test.aged-supplier-payment", 1, "AG-SP-1", new(2025, 5, 10), "Edge Supplies", "AG-S", "512", 100m, bank), d));
    }

}
