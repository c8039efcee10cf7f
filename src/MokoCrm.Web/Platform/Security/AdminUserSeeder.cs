using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Security.Domain;

namespace MokoCrm.Web.Platform.Security;

/// <summary>
/// Creates the user "admin" when no user exists: password from MOKO_ADMIN_PASSWORD, else a generated one printed once.
/// </summary>
internal sealed class AdminUserSeeder(UserManager<AppUser> users, IConfiguration configuration, ILogger<AdminUserSeeder> logger) : IReferenceDataSeeder
{
    public int Order => 0;

    public async Task SeedAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        if (await db.Users.AnyAsync(cancellationToken))
        {
            return;
        }

        var configured = configuration["MOKO_ADMIN_PASSWORD"];
        var password = string.IsNullOrWhiteSpace(configured) ? GeneratePassword() : configured;
        var admin = new AppUser { UserName = "admin", FullName = "Administrator", Email = "admin@localhost", IsAdmin = true, EmailConfirmed = true };
        var result = await users.CreateAsync(admin, password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Could not create the admin user: " + string.Join(" ", result.Errors.Select(e => e.Description)));
        }

        if (string.IsNullOrWhiteSpace(configured))
        {
            // Printed once: the console of the first start is the only place this password appears.
            Console.WriteLine();
            Console.WriteLine("================================================================");
            Console.WriteLine($"  MokoCRM admin user created.  login: admin   password: {password}");
            Console.WriteLine("  (set MOKO_ADMIN_PASSWORD before the first start to choose it)");
            Console.WriteLine("================================================================");
            Console.WriteLine();
        }
        else
        {
            logger.LogInformation("Admin user created with the password from MOKO_ADMIN_PASSWORD");
        }
    }

    private static string GeneratePassword()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
        var chars = Enumerable.Range(0, 14).Select(_ => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]).ToArray();
        chars[3] = (char)('2' + RandomNumberGenerator.GetInt32(8)); // the password rules want a digit
        chars[7] = (char)('a' + RandomNumberGenerator.GetInt32(26)); // and a lower-case letter
        return new string(chars);
    }
}
