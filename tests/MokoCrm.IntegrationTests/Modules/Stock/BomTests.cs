using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Modules.Stock;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Security.Features;
using static MokoCrm.IntegrationTests.Modules.Stock.StockTestData;

namespace MokoCrm.IntegrationTests.Modules.Stock;

/// <summary>Bills of materials through their screens, as a user posts them.</summary>
public sealed class BomTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    private const string NewBom = "/Stock/Boms/new";

    [Fact]
    public async Task A_bill_is_written_with_components_and_losses_validated_then_frozen_and_listed()
    {
        using var client = await SignedInClient.AdminAsync(app);
        var table = await ProductAsync(app, "BOM-TABLE");
        var top = await ProductAsync(app, "BOM-TOP");
        var leg = await ProductAsync(app, "BOM-LEG");

        var id = await CreateAsync(client, "Oak table", table, "2");
        (await AddAsync(client, id, top, "2", "")).ShouldBe("Component added.");
        (await AddAsync(client, id, leg, "8", "12.5")).ShouldBe("Component added.");
        var lineOfLeg = await WithDbAsync(app, db => db.Set<BomLine>().Where(l => l.BomId == id && l.ProductId == leg).Select(l => l.Id).SingleAsync());
        var change = await client.PostFormAsync($"/Stock/Boms/{id}", $"/Stock/Boms/{id}/components/{lineOfLeg}", new() { ["Quantity"] = "8", ["LossPercent"] = "25" });
        change.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var card = await client.Http.GetStringAsync($"/Stock/Boms/{id}");
        card.ShouldContain("Component changed.");
        card.ShouldContain("data-field=\"quantity\">2<");
        // 8 legs for 2 tables with 25 % lost: 8 × (1 + 0.25) = 10 consumed for the bill's quantity.
        Row(card, "BOM-LEG").ShouldContain("data-field=\"needed\">10<");
        Row(card, "BOM-TOP").ShouldContain("data-field=\"needed\">2<");

        (await ActAsync(client, id, "validate")).ShouldBe("Bill of materials validated: manufacturing orders can be made from it.");
        (await AddAsync(client, id, await ProductAsync(app, "BOM-SCREW"), "1", "")).ShouldBe("The bill of materials Oak table is validated: it can no longer change.");
        (await WithDbAsync(app, db => db.Set<BomLine>().CountAsync(l => l.BomId == id))).ShouldBe(2);

        var list = await client.Http.GetStringAsync("/Stock/Boms?q=Oak");
        list.ShouldContain("Oak table");
        list.ShouldContain("BOM-TABLE");
        (await client.Http.GetStringAsync("/Stock/Boms/lookup?q=Oak")).ShouldContain("Oak table (BOM-TABLE)");
        (await client.Http.GetStringAsync($"/Records/stock.bom/{id}/links")).ShouldContain("Oak table");
    }

    [Fact]
    public async Task Bad_input_is_answered_with_a_clear_message_and_nothing_is_saved()
    {
        using var client = await SignedInClient.AdminAsync(app);
        var chair = await ProductAsync(app, "BAD-CHAIR");
        var seat = await ProductAsync(app, "BAD-SEAT");
        var service = await ProductAsync(app, "BAD-ASSEMBLY", stockManaged: false, type: ProductType.Service);
        var loose = await ProductAsync(app, "BAD-LOOSE", stockManaged: false);

        foreach (var (fields, message) in new (Dictionary<string, string>, string)[]
                 {
                     (Header("", chair, "1"), "Enter a label, e.g. &quot;Oak table, standard&quot;."),
                     (Header("Chair", null, "1"), "Choose the product to make."),
                     (Header("Chair", chair, "0"), "Enter a quantity other than zero."),
                     (Header("Chair", chair, "-2"), "The quantity produced must be greater than zero."),
                     (Header("Chair", chair, "two"), "The quantity must be a number, for example 5 or 2.5."),
                     (Header("Chair", service, "1"), "BAD-ASSEMBLY is a service: only stock-managed products are made by a bill of materials."),
                     (Header("Chair", 987654321, "1"), "The product #987654321 does not exist."),
                 })
        {
            var response = await client.PostFormAsync(NewBom, NewBom, fields);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await response.Content.ReadAsStringAsync()).ShouldContain(message);
        }

        (await WithDbAsync(app, db => db.Set<Bom>().CountAsync(b => b.ProductId == chair || b.ProductId == service))).ShouldBe(0);

        var id = await CreateAsync(client, "Chair", chair, "1");
        (await AddAsync(client, id, chair, "1", "")).ShouldBe("A product cannot be a component of itself: choose another component.");
        (await AddAsync(client, id, seat, "0", "")).ShouldBe("A component's quantity must be greater than zero.");
        (await AddAsync(client, id, seat, "abc", "")).ShouldBe("A component's quantity must be a number, for example 2 or 0.5.");
        (await AddAsync(client, id, seat, "1", "100")).ShouldBe("The loss is a percentage from 0 to below 100.");
        (await AddAsync(client, id, service, "1", "")).ShouldBe("BAD-ASSEMBLY is a service: only stock-managed products are consumed by a bill of materials.");
        (await AddAsync(client, id, loose, "1", "")).ShouldBe("BAD-LOOSE is not stock-managed: tick \"Stock managed\" on the product before it is consumed by a bill of materials.");
        (await ActAsync(client, id, "validate")).ShouldBe("Add at least one component before validating the bill of materials.");
        (await WithDbAsync(app, db => db.Set<BomLine>().CountAsync(l => l.BomId == id))).ShouldBe(0);

        (await AddAsync(client, id, seat, "1", "")).ShouldBe("Component added.");
        (await AddAsync(client, id, seat, "2", "")).ShouldBe("This component is already on the bill: change its quantity instead.");
        (await WithDbAsync(app, db => db.Set<BomLine>().Where(l => l.BomId == id).Select(l => l.Quantity).SingleAsync())).ShouldBe(1m);
    }

    [Fact]
    public async Task A_draft_is_deleted_a_validated_bill_is_disabled_and_enabled_and_a_product_on_a_bill_cannot_be_deleted()
    {
        using var client = await SignedInClient.AdminAsync(app);
        var stool = await ProductAsync(app, "LIFE-STOOL");
        var plank = await ProductAsync(app, "LIFE-PLANK");

        var draft = await CreateAsync(client, "Stool draft", stool, "1");
        (await client.PostFormAsync($"/Stock/Boms/{draft}", $"/Stock/Boms/{draft}/delete", [])).Headers.Location!.ToString().ShouldBe("/Stock/Boms");
        (await WithDbAsync(app, db => db.Set<Bom>().AnyAsync(b => b.Id == draft))).ShouldBeFalse();

        var id = await CreateAsync(client, "Stool", stool, "1");
        await AddAsync(client, id, plank, "3", "");
        (await ActAsync(client, id, "disable")).ShouldBe("A draft bill of materials is deleted, not disabled.");
        await ActAsync(client, id, "validate");
        (await ActAsync(client, id, "delete")).ShouldBe("The bill of materials Stool is validated: disable it instead of deleting it.");
        (await ActAsync(client, id, "disable")).ShouldBe("Bill of materials disabled: no new manufacturing order can use it.");
        (await client.Http.GetStringAsync("/Stock/Boms/lookup?q=Stool")).ShouldNotContain("Stool (LIFE-STOOL)");
        (await ActAsync(client, id, "enable")).ShouldBe("Bill of materials enabled again.");
        (await WithDbAsync(app, db => db.Set<Bom>().Where(b => b.Id == id).Select(b => b.Status).SingleAsync())).ShouldBe(BomStatus.Validated);

        await using var scope = app.Services.CreateAsyncScope();
        var usage = scope.ServiceProvider.GetServices<IProductUsage>();
        var uses = new List<string?>();
        foreach (var u in usage)
        {
            uses.Add(await u.FirstUseAsync(plank));
        }

        uses.ShouldContain("It is on the bill of materials Stool.");
    }

    [Fact]
    public async Task Without_the_manufacturing_rights_the_screens_answer_403()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            var user = await admin.CreateUserAsync(new UserForm { UserName = "bomreader", FullName = "Bom Reader", Password = "bomreader-pass-1" });
            await admin.SetUserPermissionsAsync(user, [StockPermissions.Manufacturing.Read, StockPermissions.Stock.Read]);
        }

        using var admin2 = await SignedInClient.AdminAsync(app);
        var id = await CreateAsync(admin2, "Reader's bench", await ProductAsync(app, "RIGHTS-BENCH"), "1");
        using var reader = await SignedInClient.AsAsync(app, "bomreader", "bomreader-pass-1");

        (await reader.GetAsync($"/Stock/Boms/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await reader.GetAsync("/Stock/Boms/new")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await reader.PostFormAsync($"/Stock/Boms/{id}", $"/Stock/Boms/{id}/validate", [])).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await reader.Http.GetStringAsync($"/Stock/Boms/{id}")).ShouldNotContain($"/Stock/Boms/{id}/validate");
    }

    private static Dictionary<string, string> Header(string label, long? product, string quantity) => new()
    {
        ["Label"] = label, ["ProductId"] = product?.ToString(CultureInfo.InvariantCulture) ?? "", ["Quantity"] = quantity,
    };

    private static async Task<long> CreateAsync(SignedInClient client, string label, long product, string quantity)
    {
        var response = await client.PostFormAsync(NewBom, NewBom, Header(label, product, quantity));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return long.Parse(response.Headers.Location!.ToString().Split('/').Last(), CultureInfo.InvariantCulture);
    }

    /// <summary>Posts a component and returns the flash message the card shows next.</summary>
    private static async Task<string> AddAsync(SignedInClient client, long bom, long product, string quantity, string loss)
    {
        await client.PostFormAsync($"/Stock/Boms/{bom}", $"/Stock/Boms/{bom}/components", new()
        {
            ["ProductId"] = product.ToString(CultureInfo.InvariantCulture), ["Quantity"] = quantity, ["LossPercent"] = loss,
        });
        return await FlashAsync(client, bom);
    }

    private static async Task<string> ActAsync(SignedInClient client, long bom, string action)
    {
        await client.PostFormAsync($"/Stock/Boms/{bom}", $"/Stock/Boms/{bom}/{action}", []);
        return await FlashAsync(client, bom);
    }

    private static Task<string> FlashAsync(SignedInClient client, long bom) => FlashOnAsync(client, $"/Stock/Boms/{bom}");
}
