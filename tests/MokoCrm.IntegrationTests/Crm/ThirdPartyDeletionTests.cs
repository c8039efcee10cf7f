using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Modules.Crm.Domain;
using MokoCrm.Web.Modules.Crm.Features;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.IntegrationTests.Crm;

public sealed class ThirdPartyDeletionTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    [Fact]
    public async Task A_third_party_with_a_code_is_never_deleted_and_the_user_is_told_to_close_it()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var administration = scope.ServiceProvider.GetRequiredService<ThirdPartyAdministration>();
        var id = await administration.CreateAsync(new ThirdPartyForm { Name = "Numbered Ltd", IsCustomer = true, CountryCode = "FR" });

        var refused = await Should.ThrowAsync<DomainException>(() => administration.DeleteAsync(id));

        refused.Message.ShouldContain("numbered records are never deleted. Close it instead.");
        (await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<ThirdParty>().AsNoTracking().AnyAsync(t => t.Id == id)).ShouldBeTrue();
    }
}
