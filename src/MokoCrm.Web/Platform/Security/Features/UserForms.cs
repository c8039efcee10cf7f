using FluentValidation;

namespace MokoCrm.Web.Platform.Security.Features;

public sealed class UserForm
{
    public long? Id { get; set; }

    public string UserName { get; set; } = "";

    public string FullName { get; set; } = "";

    public string? Email { get; set; }

    public bool IsAdmin { get; set; }

    /// <summary>Required when creating; ignored when editing (use "Reset password").</summary>
    public string? Password { get; set; }

    public List<long> GroupIds { get; set; } = [];
}

public sealed class UserFormValidator : AbstractValidator<UserForm>
{
    public UserFormValidator()
    {
        RuleFor(f => f.UserName).NotEmpty().WithMessage("Enter a login.")
            .MaximumLength(100)
            .Matches("^[a-zA-Z0-9._@-]+$").WithMessage("A login may contain letters, digits and . _ @ - only.");
        RuleFor(f => f.FullName).NotEmpty().WithMessage("Enter the person's name.").MaximumLength(200);
        RuleFor(f => f.Email).EmailAddress().When(f => !string.IsNullOrWhiteSpace(f.Email)).WithMessage("Enter a valid e-mail address.");
        RuleFor(f => f.Password).NotEmpty().When(f => f.Id is null).WithMessage("Enter a password for the new user.");
    }
}

public sealed class ResetPasswordForm
{
    public string NewPassword { get; set; } = "";
}

public sealed class ResetPasswordFormValidator : AbstractValidator<ResetPasswordForm>
{
    public ResetPasswordFormValidator() =>
        RuleFor(f => f.NewPassword).NotEmpty().WithMessage("Enter the new password.");
}

public sealed class GroupForm
{
    public long? Id { get; set; }

    public string Name { get; set; } = "";

    public string? Description { get; set; }

    public List<long> MemberIds { get; set; } = [];
}

public sealed class GroupFormValidator : AbstractValidator<GroupForm>
{
    public GroupFormValidator()
    {
        RuleFor(f => f.Name).NotEmpty().WithMessage("Enter a group name.").MaximumLength(100);
        RuleFor(f => f.Description).MaximumLength(500);
    }
}

public sealed class LoginForm
{
    public string UserName { get; set; } = "";

    public string Password { get; set; } = "";

    public bool RememberMe { get; set; }

    public string? ReturnUrl { get; set; }
}

public sealed class LoginFormValidator : AbstractValidator<LoginForm>
{
    public LoginFormValidator()
    {
        RuleFor(f => f.UserName).NotEmpty().WithMessage("Enter your login.");
        RuleFor(f => f.Password).NotEmpty().WithMessage("Enter your password.");
    }
}
