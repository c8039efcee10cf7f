using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Stock;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Security.Features;

namespace MokoCrm.IntegrationTests.Modules.Stock;

public sealed class WarehousesTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    private const string NewForm = "/Stock/Warehouses/new";

    [Fact]
    public async Task A_warehouse_is_created_listed_and_shown_with_its_tabs()
    {
        using var client = await SignedInClient.AdminAsync(app);

        var response = await client.PostFormAsync(NewForm, NewForm, Fields("WH-NORTH", "North depot"));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var card = await client.Http.GetStringAsync(response.Headers.Location!.ToString());
        card.ShouldContain("WH-NORTH - North depot");
        card.ShouldContain("History");
        (await client.Http.GetStringAsync("/Stock/Warehouses?q=north")).ShouldContain("WH-NORTH");
    }

    [Fact]
    public async Task A_duplicate_reference_is_refused_with_its_value()
    {
        using var client = await SignedInClient.AdminAsync(app);
        await client.PostFormAsync(NewForm, NewForm, Fields("WH-DUP", "First"));

        var response = await client.PostFormAsync(NewForm, NewForm, Fields("WH-DUP", "Second"));

        (await response.Content.ReadAsStringAsync()).ShouldContain("The reference WH-DUP is already used by another warehouse.");
        (await WarehousesAsync(w => w.Reference == "WH-DUP")).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Making_a_warehouse_the_default_takes_the_flag_from_the_previous_one_and_the_default_cannot_be_closed()
    {
        using var client = await SignedInClient.AdminAsync(app);
        var first = Fields("WH-DEF-1", "First default");
        first["IsDefault"] = "true";
        var second = Fields("WH-DEF-2", "Second default");
        second["IsDefault"] = "true";
        await client.PostFormAsync(NewForm, NewForm, first);
        await client.PostFormAsync(NewForm, NewForm, second);

        (await WarehousesAsync(w => w.IsDefault)).Select(w => w.Reference).ShouldBe(["WH-DEF-2"]);
        var id = (await WarehousesAsync(w => w.Reference == "WH-DEF-2")).Single().Id;
        second["Status"] = "Closed";
        var closing = await client.PostFormAsync($"/Stock/Warehouses/{id}/edit", $"/Stock/Warehouses/{id}/edit", second);
        (await closing.Content.ReadAsStringAsync()).ShouldContain("WH-DEF-2 is the default warehouse: choose another default before closing it.");
        (await WarehousesAsync(w => w.Id == id)).Single().Status.ShouldBe(WarehouseStatus.Open);
    }

    [Fact]
    public async Task A_warehouse_cannot_be_put_inside_its_own_sub_warehouse()
    {
        using var client = await SignedInClient.AdminAsync(app);
        await client.PostFormAsync(NewForm, NewForm, Fields("WH-TOP", "Top"));
        var top = (await WarehousesAsync(w => w.Reference == "WH-TOP")).Single().Id;
        var shelf = Fields("WH-SHELF", "Shelf");
        shelf["ParentId"] = top.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await client.PostFormAsync(NewForm, NewForm, shelf);
        var shelfId = (await WarehousesAsync(w => w.Reference == "WH-SHELF")).Single().Id;
        var loop = Fields("WH-TOP", "Top");
        loop["ParentId"] = shelfId.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var response = await client.PostFormAsync($"/Stock/Warehouses/{top}/edit", $"/Stock/Warehouses/{top}/edit", loop);

        (await response.Content.ReadAsStringAsync()).ShouldContain("A warehouse cannot be inside itself or inside one of its own sub-warehouses.");
        (await WarehousesAsync(w => w.Id == top)).Single().ParentId.ShouldBeNull();
    }

    [Fact]
    public async Task A_reader_sees_warehouses_but_gets_403_on_creating_one()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            var id = await admin.CreateUserAsync(new UserForm { UserName = "whreader", FullName = "Reader", Password = "whreader-pass-1" });
            await admin.SetUserPermissionsAsync(id, [StockPermissions.Warehouses.Read]);
        }

        using var reader = await SignedInClient.AsAsync(app, "whreader", "whreader-pass-1");
        var list = await reader.Http.GetStringAsync("/Stock/Warehouses");
        var response = await reader.PostWithTokenAsync(NewForm, Fields("WH-READER", "Nope"), SignedInClient.TokenIn(list));

        list.ShouldNotContain("/Stock/Warehouses/new");
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await WarehousesAsync(w => w.Reference == "WH-READER")).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_demo_data_adds_two_warehouses_and_keeps_a_single_default()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var seeder = scope.ServiceProvider.GetServices<IDemoDataSeeder>().Single(s => s.GetType().Name == "StockDemoSeeder");
            await seeder.SeedAsync(scope.ServiceProvider, CancellationToken.None);
        }

        var demo = await WarehousesAsync(w => w.Reference == "WH-MAIN" || w.Reference == "WH-SHOP");
        demo.Count.ShouldBe(2);
        (await WarehousesAsync(w => w.IsDefault)).Count.ShouldBe(1);
    }

    private static Dictionary<string, string> Fields(string reference, string label) => new()
    {
        ["Reference"] = reference, ["Label"] = label, ["Status"] = "Open", ["Town"] = "Lyon", ["CountryCode"] = "FR",
    };

    private async Task<List<Warehouse>> WarehousesAsync(System.Linq.Expressions.Expression<Func<Warehouse, bool>> predicate)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<Warehouse>().AsNoTracking().Where(predicate).ToListAsync();
    }
}
