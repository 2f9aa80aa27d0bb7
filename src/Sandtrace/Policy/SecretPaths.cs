namespace Sandtrace.Policy;

/// <summary>
/// Well-known secrets denied in every run, whatever the policy allows (sandbox-policy-model.txt: default deny rules
/// for well-known secret paths). `~` is the invoking user's home.
/// </summary>
internal static class SecretPaths
{
    public static IReadOnlyList<string> Patterns(string home) =>
    [
        $"{home}/.ssh", $"{home}/.aws", $"{home}/.gnupg", $"{home}/.config/gh", $"{home}/.docker", $"{home}/.kube",
        $"{home}/.netrc", $"{home}/.git-credentials", $"{home}/.npmrc", $"{home}/.pypirc", $"{home}/.config/gcloud",
        $"{home}/.azure", $"{home}/.password-store", $"{home}/.local/share/keyrings", $"{home}/.bash_history",
        "/etc/shadow", "/etc/gshadow", "/etc/shadow-", "/etc/gshadow-", "/etc/ssh/ssh_host_*_key", "/etc/ssl/private",
        "/etc/sudoers", "/etc/sudoers.d", "/root/.ssh",
        "**/.env",
    ];
}
