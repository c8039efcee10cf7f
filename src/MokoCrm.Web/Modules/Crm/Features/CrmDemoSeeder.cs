using MokoCrm.Web.Platform.Data;

namespace MokoCrm.Web.Modules.Crm.Features;

/// <summary>A few customers, prospects and suppliers with their contacts, created through the normal path (codes included).</summary>
internal sealed class CrmDemoSeeder : IDemoDataSeeder
{
    public int Order => 100;

    public async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var thirdParties = services.GetRequiredService<ThirdPartyAdministration>();
        var contacts = services.GetRequiredService<ContactAdministration>();
        (string Name, bool Customer, bool Prospect, bool Supplier, string Town, string Country, string? Vat, string Email, string Contact)[] demo =
        [
            ("Boulangerie Martin", true, false, false, "Lyon", "FR", "FR32123456789", "contact@boulangerie-martin.example", "Claire Martin"),
            ("Atelier Durand SARL", true, false, false, "Grenoble", "FR", "FR83404833048", "compta@atelier-durand.example", "Paul Durand"),
            ("Hotel Belle Vue", true, false, false, "Annecy", "FR", null, "reception@bellevue.example", "Sophie Lefèvre"),
            ("Müller Maschinenbau GmbH", true, false, true, "Stuttgart", "DE", "DE123456789", "info@mueller-mb.example", "Jonas Müller"),
            ("Green Garden Ltd", false, true, false, "Dublin", "IE", null, "hello@greengarden.example", "Aoife Byrne"),
            ("Café des Arts", false, true, false, "Marseille", "FR", null, "cafe.arts@example.com", "Luc Moreau"),
            ("Studio Pixel", false, true, false, "Nantes", "FR", null, "studio@pixel.example", "Emma Petit"),
            ("Papeterie Centrale", false, false, true, "Paris", "FR", "FR44732829320", "ventes@papeterie-centrale.example", "Marc Bernard"),
            ("Iberia Logística SL", false, false, true, "Valencia", "ES", "ESB12345678", "pedidos@iberia-log.example", "Lucía García"),
            ("Nordic Timber AB", false, false, true, "Göteborg", "SE", null, "sales@nordictimber.example", "Erik Lind"),
        ];
        foreach (var d in demo)
        {
            var id = await thirdParties.CreateAsync(new ThirdPartyForm
            {
                Name = d.Name, IsCustomer = d.Customer, IsProspect = d.Prospect, IsSupplier = d.Supplier, Town = d.Town, CountryCode = d.Country,
                VatId = d.Vat, Email = d.Email, ProspectStatus = d.Prospect ? Domain.ProspectStatus.ToContact : Domain.ProspectStatus.NeverContacted,
            }, cancellationToken);
            var (first, last) = (d.Contact.Split(' ')[0], d.Contact.Split(' ', 2)[1]);
            await contacts.SaveAsync(null, new ContactForm
            {
                ThirdPartyId = id, FirstName = first, LastName = last, JobTitle = d.Supplier ? "Sales" : "Manager",
                Email = $"{first.ToLowerInvariant()}@{d.Email.Split('@')[1]}",
            }, cancellationToken);
        }
    }
}
