using Microsoft.Extensions.DependencyInjection.Extensions;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web;

namespace MokoCrm.Web.Platform.Setup;

/// <summary>Shared reference data (company, countries, VAT, payment terms and methods, banks, fiscal calendar).</summary>
public static class SetupModule
{
    public static IServiceCollection AddSetup(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<SetupQueries>();
        services.AddScoped<SetupAdministration>();
        services.AddScoped<FiscalCalendar>();
        services.AddScoped<OfferedVatRates>();
        services.AddScoped<ActiveBankAccounts>();
        services.AddScoped<IReferenceDataSeeder, SetupSeeder>();
        services.AddScoped<IDemoDataSeeder, SetupDemoSeeder>();
        services.AddMenu(new MenuSection("Setup", "Setup", "bi-sliders", "/Setup/Company", PlatformPermissions.SetupRead, 800,
        [
            new MenuItem("Company", "/Setup/Company", PlatformPermissions.SetupRead),
            new MenuItem("VAT rates", "/Setup/VatRates", PlatformPermissions.SetupRead),
            new MenuItem("Payment terms", "/Setup/PaymentTerms", PlatformPermissions.SetupRead),
            new MenuItem("Payment methods", "/Setup/PaymentMethods", PlatformPermissions.SetupRead),
            new MenuItem("Bank accounts", "/Setup/BankAccounts", PlatformPermissions.SetupRead),
            new MenuItem("Fiscal years", "/Setup/FiscalYears", PlatformPermissions.SetupRead),
            new MenuItem("Numbering", "/Setup/Numbering", PlatformPermissions.SetupRead),
            new MenuItem("Countries and regions", "/Setup/Countries", PlatformPermissions.SetupRead),
        ]));
        return services;
    }
}
