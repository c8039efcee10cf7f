using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Modules.Stock.Features;
using MokoCrm.Web.Modules.Stock.Public;
using MokoCrm.Web.Platform.Data;

namespace MokoCrm.BrowserTests;

/// <summary>Steps the sales browser tests share: signing in, picking from a search select, stocking a product.</summary>
internal static class SalesSteps
{
    public static async Task SignInAsAdminAsync(IPage page)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Login").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync(MokoAppFactory.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>Types into a Tom Select search box and picks the option that shows <paramref name="option"/>.</summary>
    public static async Task PickAsync(IPage page, string selectId, string typed, string option)
    {
        var input = page.Locator($"#{selectId}-ts-control");
        for (var attempt = 1; ; attempt++)
        {
            await input.ClickAsync();
            await TypeAndAwaitSearchAsync(page, input, typed);
            await page.Locator($"#{selectId}-ts-dropdown .option", new() { HasText = option }).First.ClickAsync();
            await page.Keyboard.PressAsync("Escape");

            // With many options (the suite shares one database) an open list covers the buttons below: leave the box
            // and wait until the list is gone.
            await input.BlurAsync();
            await Expect(page.Locator($"#{selectId}-ts-dropdown")).ToBeHiddenAsync();

            // Should an answer still land after the pick and drop the choice: pick again until the select holds a value.
            if (attempt == 3 || await page.Locator($"select#{selectId}").InputValueAsync() != "")
            {
                return;
            }
        }
    }

    /// <summary>
    /// Types into a picker and waits for the server's answer to that text. The picker sends the search after a 300 ms
    /// throttle and meanwhile shows the options its focus preload brought; picking one of those let the answer land
    /// after the pick and redraw the list, which dropped the choice or reopened the list over the buttons below (both
    /// seen in CI). A text this picker searched before is answered from its cache without a request: then go on.
    /// </summary>
    private static async Task TypeAndAwaitSearchAsync(IPage page, ILocator input, string typed)
    {
        try
        {
            await page.RunAndWaitForResponseAsync(() => input.FillAsync(typed),
                response => response.Url.Contains("q=" + Uri.EscapeDataString(typed), StringComparison.Ordinal), new() { Timeout = 5_000 });
        }
        catch (TimeoutException)
        {
        }
    }

    /// <summary>
    /// A warehouse with opening stock of the product, and shipments as the stock trigger (the suite shares one
    /// database and another browser test changes the settings).
    /// </summary>
    public static async Task StockAsync(BrowserFixture browser, long productId, string warehouseReference, decimal quantity)
    {
        await using var scope = browser.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var warehouse = new Warehouse(warehouseReference, "Depot " + warehouseReference);
        db.Add(warehouse);
        var settings = await db.Set<StockSettings>().OrderBy(s => s.Id).FirstOrDefaultAsync();
        if (settings is null)
        {
            db.Add(new StockSettings());
        }
        else
        {
            settings.DecreaseOn = StockDecreaseTrigger.ShipmentValidated;
        }

        await db.SaveChangesAsync();
        await scope.ServiceProvider.GetRequiredService<StockLedger>().MoveAsync(
            [new StockMove(productId, warehouse.Id, quantity, StockMovementKind.In, "Opening stock") { UnitPrice = 200m }]);
    }
}
