using MokoCrm.Web.Modules.Hr.Features;
using MokoCrm.Web.Modules.Hr.Queries;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Web;

namespace MokoCrm.Web.Modules.Hr;

/// <summary>Hr (issue 7): salaries and their payment, posted by Accounting; expense reports come next.</summary>
public static class HrModule
{
    public static IServiceCollection AddHr(this IServiceCollection services)
    {
        services.AddPermissions("hr", "HR", HrPermissions.All);
        services.AddScoped<SalaryAdministration>();
        services.AddScoped<SalaryQueries>();
        services.AddScoped<IDemoDataSeeder, HrDemoSeeder>();
        services.AddScoped<ExpenseReportAdministration>();
        services.AddScoped<ExpenseReportQueries>();
        services.AddMenu(new MenuSection("Hr", "HR", "bi-person-badge", "/Hr/Salaries", HrPermissions.Salaries.Read, 650,
        [
            new MenuItem("Salaries", "/Hr/Salaries", HrPermissions.Salaries.Read),
            new MenuItem("New salary", "/Hr/Salaries/new", HrPermissions.Salaries.Write),
            new MenuItem("Expense reports", "/Hr/ExpenseReports", HrPermissions.ExpenseReports.Read),
            new MenuItem("New expense report", "/Hr/ExpenseReports/new", HrPermissions.ExpenseReports.Write),
        ]));
        return services;
    }
}
