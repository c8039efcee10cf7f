using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Numbering;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Security.Features;

namespace MokoCrm.IntegrationTests.Platform.Setup;

public sealed class NumberingScreenTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    [Fact]
    public async Task The_screen_shows_every_mask_with_the_next_number()
    {
        using var client = await SignedInClient.AdminAsync(app);

        var page = await client.Http.GetStringAsync("/Setup/Numbering");

        page.ShouldContain("Customer invoices");
        page.ShouldContain("IN{yymm}-{nnnn}");
        page.ShouldContain($"IN{DateTime.Now:yyMM}-0001");
    }

    [Fact]
    public async Task An_admin_edits_a_mask_and_a_bad_mask_is_refused_with_the_reason()
    {
        using var client = await SignedInClient.AdminAsync(app);

        await client.PostFormAsync("/Setup/Numbering", "/Setup/Numbering/proposal", new() { ["mask"] = "QU{yyyy}-{nnnnn}" });
        var refused = await client.PostFormAsync("/Setup/Numbering", "/Setup/Numbering/invoice", new() { ["mask"] = "{yymm}-{nnnn}" });
        var page = await client.Http.GetStringAsync(refused.Headers.Location!.ToString());

        page.ShouldContain("must start with fixed text");
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        (await db.Set<NumberingMask>().SingleAsync(m => m.DocumentType == "proposal")).Mask.ShouldBe("QU{yyyy}-{nnnnn}");
        (await db.Set<NumberingMask>().SingleAsync(m => m.DocumentType == "invoice")).Mask.ShouldBe("IN{yymm}-{nnnn}");
    }

    [Fact]
    public async Task A_setup_reader_cannot_change_a_mask()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            var id = await admin.CreateUserAsync(new UserForm { UserName = "masks", FullName = "Mask reader", Password = "masks-pass-1" });
            await admin.SetUserPermissionsAsync(id, [PlatformPermissions.SetupRead]);
        }

        using var client = await SignedInClient.AsAsync(app, "masks", "masks-pass-1");

        var response = await client.PostFormAsync("/Setup/Numbering", "/Setup/Numbering/invoice", new() { ["mask"] = "XX{yymm}-{nnnn}" });

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
