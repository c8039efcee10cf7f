using Microsoft.EntityFrameworkCore;
using MokoCrm.IntegrationTests.Crm;
using MokoCrm.Web.Modules.Stock.Domain;
using static MokoCrm.IntegrationTests.Modules.Stock.StockTestData;

namespace MokoCrm.IntegrationTests.Modules.Stock;

public sealed class StockDemoDataTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    [Fact]
    public async Task The_demo_data_has_movements_in_both_warehouses_with_levels_in_step_and_a_product_under_its_alert_level()
    {
        (await WithDbAsync(app, db => db.Set<StockMovement>().CountAsync())).ShouldBeGreaterThan(10);
        (await WithDbAsync(app, db => db.Set<StockLevel>().Select(l => l.WarehouseId).Distinct().CountAsync())).ShouldBe(2);
        (await InvariantBreachesAsync(app)).ShouldBeEmpty();
        using var client = await MokoCrm.Testing.SignedInClient.AdminAsync(app);
        (await client.Http.GetStringAsync("/Stock/Levels/alerts")).ShouldContain("OIL-LINSEED-1L");
    }
}
