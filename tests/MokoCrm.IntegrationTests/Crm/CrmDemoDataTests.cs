using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Crm.Domain;
using MokoCrm.Web.Platform.Data;

namespace MokoCrm.IntegrationTests.Crm;

/// <summary>The app on a database that got the demo data on its first start.</summary>
public sealed class DemoAppFactory : MokoAppFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("MOKO_DEMO", "true");
    }
}

public sealed class CrmDemoDataTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    [Fact]
    public async Task The_demo_data_has_customers_prospects_and_suppliers_with_their_codes_and_contacts()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var all = await db.Set<ThirdParty>().AsNoTracking().ToListAsync();

        all.Count.ShouldBe(10);
        all.Count(t => t.IsCustomer).ShouldBeGreaterThan(0);
        all.Count(t => t.IsProspect).ShouldBeGreaterThan(0);
        all.Count(t => t.IsSupplier).ShouldBeGreaterThan(0);
        all.Where(t => t.IsCustomer || t.IsProspect).ShouldAllBe(t => t.CustomerCode != null && t.CustomerCode.StartsWith("CU"));
        all.Where(t => t.IsSupplier).ShouldAllBe(t => t.SupplierCode != null && t.SupplierCode.StartsWith("SU"));
        (await db.Set<Contact>().CountAsync()).ShouldBe(10);
    }

    [Fact]
    public async Task The_demo_data_has_leads_across_the_pipeline()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var leads = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<Lead>().AsNoTracking().ToListAsync();

        leads.Count.ShouldBe(7);
        leads.Select(l => l.Stage).Distinct().Count().ShouldBe(6);
        leads.ShouldContain(l => l.ThirdPartyId == null && l.CompanyName != null, "one lead waits to be converted");
        leads.ShouldAllBe(l => l.Probability == Lead.DefaultProbability(l.Stage));
    }
}
