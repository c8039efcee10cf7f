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

    private static string Describe(Microsoft.EntityFrameworkCore.Migrations.Operations.MigrationOperation operation) =>
        string.Join(", ", operation.GetType().GetProperties()
            .Where(p => p.Name is "Name" or "Table" or "Schema" or "Column")
            .Select(p => $"{p.Name}={p.GetValue(operation)}"));
}
