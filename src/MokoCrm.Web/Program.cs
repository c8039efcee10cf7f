using MokoCrm.Web.Modules.Accounting;
using MokoCrm.Web.Modules.Agenda;
using MokoCrm.Web.Modules.Crm;
using MokoCrm.Web.Modules.Hr;
using MokoCrm.Web.Modules.Products;
using MokoCrm.Web.Modules.Purchasing;
using MokoCrm.Web.Modules.Sales;
using MokoCrm.Web.Modules.Stock;
using MokoCrm.Web;
using MokoCrm.Web.Platform;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseUrls(builder.Configuration["urls"] ?? "http://127.0.0.1:5080");

builder.AddPlatform();
builder.Services.AddModules();

var app = builder.Build();
app.UsePlatform();
app.Run();

/// <summary>Entry point, public so the tests' WebApplicationFactory can start the app.</summary>
public partial class Program;

namespace MokoCrm.Web
{
    /// <summary>The business modules the app is made of (the HTTP bench hosts the same composition).</summary>
    public static class AppModules
    {
        public static IServiceCollection AddModules(this IServiceCollection services)
        {
            services.AddCrm();
            services.AddAgenda();
            services.AddProducts();
            services.AddStock();
            services.AddHr();
            services.AddAccounting();
            services.AddSales();
            services.AddPurchasing();
            return services;
        }
    }
}
