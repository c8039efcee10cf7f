using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Security.Features;
using MokoCrm.Web.Platform.Setup;
using MokoCrm.Web.Platform.Setup.Domain;

namespace MokoCrm.IntegrationTests.Platform.Setup;

public sealed class SetupTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    [Fact]
    public async Task A_fresh_installation_has_the_reference_data_of_the_issue()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        (await db.Set<VatRate>().OrderByDescending(v => v.Rate).Select(v => v.Rate).ToListAsync()).ShouldBe([20m, 10m, 5.5m, 2.1m, 0m]);
        (await db.Set<PaymentTerm>().OrderBy(p => p.SortOrder).Select(p => p.Code).ToListAsync()).ShouldBe(["RECEIPT", "30D", "30DEOM", "60D"]);
        (await db.Set<PaymentMethod>().Select(p => p.Code).ToListAsync()).ShouldBe(["TRANSFER", "CARD", "CHEQUE", "CASH", "DIRECT_DEBIT"], ignoreOrder: true);
        (await db.Set<CompanyProfile>().SingleAsync()).Currency.ShouldBe("EUR");
        (await db.Set<FiscalYear>().AnyAsync(f => f.StartDate.Year == DateTime.Today.Year)).ShouldBeTrue();
    }

    [Fact]
    public async Task The_admin_edits_the_company_and_the_change_is_kept()
    {
        using var client = await SignedInClient.AdminAsync(app);

        var response = await client.PostFormAsync("/Setup/Company", "/Setup/Company", new()
        {
            ["Name"] = "Acme Łódź SA", ["CountryCode"] = "PL", ["FiscalYearStartMonth"] = "4", ["VatId"] = "pl 123 456 78 90",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var page = await client.Http.GetStringAsync("/Setup/Company");
        page.ShouldContain("Acme Łódź SA");
        page.ShouldContain("PL1234567890");
    }

    [Fact]
    public async Task A_bad_company_form_is_answered_field_by_field_and_nothing_changes()
    {
        using var client = await SignedInClient.AdminAsync(app);

        var response = await client.PostFormAsync("/Setup/Company", "/Setup/Company", new()
        {
            ["Name"] = "", ["CountryCode"] = "FR", ["FiscalYearStartMonth"] = "13", ["Website"] = "not a url",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("Enter the company name.");
        html.ShouldContain("Choose the month the fiscal year starts in.");
        html.ShouldContain("Enter a full web address");
        await using var scope = app.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<CompanyProfile>().SingleAsync()).FiscalYearStartMonth.ShouldNotBe(13);
    }

    [Fact]
    public async Task A_duplicate_vat_rate_is_refused_with_its_value()
    {
        using var client = await SignedInClient.AdminAsync(app);

        var response = await client.PostFormAsync("/Setup/VatRates/new", "/Setup/VatRates/new", new() { ["Rate"] = "5.5", ["Label"] = "Again", ["Active"] = "true" });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("The rate 5.5 % already exists.");
    }

    [Fact]
    public async Task Making_a_rate_the_default_takes_the_flag_from_the_previous_one()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var setup = scope.ServiceProvider.GetRequiredService<SetupAdministration>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        await setup.SaveVatRateAsync(null, new() { Rate = 8.5m, Label = "8.5 % (overseas)", IsDefault = true, Active = true });

        (await db.Set<VatRate>().AsNoTracking().Where(v => v.IsDefault).Select(v => v.Rate).ToListAsync()).ShouldBe([8.5m]);
    }

    [Fact]
    public async Task A_mistyped_iban_is_refused_with_a_clear_message()
    {
        using var client = await SignedInClient.AdminAsync(app);

        var response = await client.PostFormAsync("/Setup/BankAccounts/new", "/Setup/BankAccounts/new", new()
        {
            ["Label"] = "Second bank", ["Iban"] = "FR76 3000 6000 0112 3456 7890 188", ["AccountingAccount"] = "5121", ["Active"] = "true",
        });

        (await response.Content.ReadAsStringAsync()).ShouldContain("This IBAN is not valid");
        await using var scope = app.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<BankAccount>().AnyAsync(b => b.Label == "Second bank")).ShouldBeFalse();
    }

    [Fact]
    public async Task Dates_in_a_closed_fiscal_year_or_a_locked_period_are_refused_with_the_reason()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var setup = scope.ServiceProvider.GetRequiredService<SetupAdministration>();
        var calendar = scope.ServiceProvider.GetRequiredService<FiscalCalendar>();
        var earlier = await setup.AddFiscalYearAsync(new() { Label = "FY2019", StartDate = new(2019, 1, 1), EndDate = new(2019, 12, 31) });
        await setup.SetFiscalYearStatusAsync(earlier, FiscalYearStatus.Closed);
        await setup.LockPeriodAsync(new() { FromDate = new(2020, 3, 1), ToDate = new(2020, 3, 31), Reason = "VAT return filed" });

        (await Should.ThrowAsync<DomainException>(() => calendar.EnsureOpenAsync(new(2019, 6, 1)))).Message.ShouldContain("FY2019 is closed");
        (await Should.ThrowAsync<DomainException>(() => calendar.EnsureOpenAsync(new(2020, 3, 15)))).Message.ShouldContain("VAT return filed");
        await calendar.EnsureOpenAsync(new(2020, 4, 1));
    }

    [Fact]
    public async Task Overlapping_fiscal_years_are_refused()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var setup = scope.ServiceProvider.GetRequiredService<SetupAdministration>();
        await setup.AddFiscalYearAsync(new() { Label = "FY2030", StartDate = new(2030, 1, 1), EndDate = new(2030, 12, 31) });

        var refused = await Should.ThrowAsync<DomainException>(() => setup.AddFiscalYearAsync(new() { Label = "Odd", StartDate = new(2030, 6, 1), EndDate = new(2031, 5, 31) }));

        refused.Message.ShouldBe("These dates overlap the fiscal year FY2030.");
    }

    [Fact]
    public async Task A_setup_reader_sees_the_screens_but_cannot_save()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            var id = await admin.CreateUserAsync(new UserForm { UserName = "viewer", FullName = "Viewer", Password = "viewer-pass-1" });
            await admin.SetUserPermissionsAsync(id, [PlatformPermissions.SetupRead]);
        }

        using var client = await SignedInClient.AsAsync(app, "viewer", "viewer-pass-1");

        var page = await client.Http.GetStringAsync("/Setup/VatRates");
        page.ShouldNotContain("New VAT rate");
        (await client.GetAsync("/Setup/VatRates/new")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var post = await client.PostFormAsync("/Setup/Company", "/Setup/Company", new() { ["Name"] = "Hijack", ["CountryCode"] = "FR", ["FiscalYearStartMonth"] = "1" });
        post.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
