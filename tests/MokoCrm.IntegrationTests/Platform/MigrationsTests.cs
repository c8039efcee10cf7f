using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Platform.Data;

namespace MokoCrm.IntegrationTests.Platform;

public sealed class MigrationsTests(MokoAppFactory app) : IClassFixture<MokoAppFactory>
{
    [Fact]
    public void The_migrations_describe_the_whole_model()
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var migrations = db.GetService<IMigrationsAssembly>();
        var differ = db.GetService<IMigrationsModelDiffer>();
        var snapshot = db.GetService<IModelRuntimeInitializer>().Initialize(migrations.ModelSnapshot!.Model);

        var differences = differ.GetDifferences(snapshot.GetRelationalModel(), db.GetService<IDesignTimeModel>().Model.GetRelationalModel());

        differences.Select(d => d.GetType().Name + " " + Describe(d)).ShouldBeEmpty("add a migration: dotnet ef migrations add <Name>");
    }

    [Fact]
    public async Task The_app_sessions_run_without_jit_and_a_connection_string_that_sets_it_keeps_its_choice()
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        (await db.Database.SqlQueryRaw<string>("SELECT current_setting('jit') AS \"Value\"").SingleAsync()).ShouldBe("off");
        static string? Options(string connectionString) => new Npgsql.NpgsqlConnectionStringBuilder(AppDbContextOptions.WithoutJit(connectionString)).Options;
        Options("Host=h;Options=-c jit=on").ShouldBe("-c jit=on");
        Options("Host=h;Options=-c search_path=x").ShouldBe("-c search_path=x -c jit=off");
    }

    private static string Describe(Microsoft.EntityFrameworkCore.Migrations.Operations.MigrationOperation operation) =>
        string.Join(", ", operation.GetType().GetProperties()
            .Where(p => p.Name is "Name" or "Table" or "Schema" or "Column")
            .Select(p => $"{p.Name}={p.GetValue(operation)}"));
}
