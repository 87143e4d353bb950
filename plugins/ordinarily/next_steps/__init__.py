""""What can I do next?" (`/next-steps/`): the questions a parent, carer or young person
answers on their own device and the next steps they lead to, read from `needs/next-steps.yml`
(`steps_loader`, `steps_model`), and the page (`steps_page`).

May import: `ordinarily.core`, `ordinarily.guide`, `ordinarily.local_offer`.
"""
